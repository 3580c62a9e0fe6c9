/** One-time codes live this long. */
export const LINK_CODE_TTL_MINUTES = 30;

/**
 * One-time codes that link a Telegram chat to a staff user (operator bots) or to a supplier
 * (supplier bots). Only the hash is stored; a code works once, before it expires. Implemented by
 * `infrastructure/sql-link-codes.ts`.
 */
export abstract class LinkCodes {
  abstract issue(
    purpose: 'operators' | 'suppliers',
    target: { userId?: string; supplier?: string },
    createdBy: string | null,
  ): Promise<{ code: string; expiresAt: string }>;
  /** Uses a code up; null when unknown, used, expired or meant for the other kind of bot. */
  abstract redeem(
    purpose: 'operators' | 'suppliers',
    code: string,
  ): Promise<{ userId: string | null; supplier: string | null } | null>;
}
