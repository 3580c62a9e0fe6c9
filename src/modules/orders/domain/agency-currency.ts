/** The agency's own currency: orders are in it unless they say otherwise. */
export const AGENCY_CURRENCY = 'RUB';
