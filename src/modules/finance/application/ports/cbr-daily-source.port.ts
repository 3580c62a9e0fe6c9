export const CBR_DAILY_SOURCE = Symbol('CBR_DAILY_SOURCE');

/** Where the CBR daily XML comes from (the configured URL in production, a stub in tests). */
export interface CbrDailySource {
  /** The raw bytes of the daily file for `date` (YYYY-MM-DD), or the latest when omitted. */
  fetch(date?: string): Promise<Buffer>;
}
