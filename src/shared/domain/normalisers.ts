import type { FieldError } from './domain-error';

/** Consent to the processing of personal data (152-FZ) as a client or an application records it. */
export interface Consent {
  /** ISO 8601 with offset. */
  givenAt: string;
  channel: string;
  textVersion: string;
}

/** The longest consent channel and text version. */
export const MAX_CONSENT_FIELD = 50;

/** Trimmed text or null when empty; an error when not a string or longer than `max`. */
export function optionalText(
  value: unknown,
  field: string,
  max: number,
  errors: FieldError[],
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field, message: `${field} must be a string` });
    return null;
  }
  const t = value.trim();
  if (t === '') return null;
  if (t.length > max) errors.push({ field, message: `${field} must be at most ${max} characters` });
  return t;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/;

/** A consent with its instant (ISO 8601 with an offset), channel and text version, or null. */
export function normaliseConsent(raw: Consent | null | undefined, errors: FieldError[]): Consent | null {
  if (raw === undefined || raw === null) return null;
  if (
    typeof raw.givenAt !== 'string' ||
    !ISO_WITH_OFFSET.test(raw.givenAt) ||
    Number.isNaN(new Date(raw.givenAt).getTime())
  ) {
    errors.push({ field: 'consent.givenAt', message: 'consent.givenAt must be ISO 8601 with an offset' });
  }
  const channel = optionalText(raw.channel, 'consent.channel', MAX_CONSENT_FIELD, errors);
  const textVersion = optionalText(raw.textVersion, 'consent.textVersion', MAX_CONSENT_FIELD, errors);
  if (!channel) errors.push({ field: 'consent.channel', message: 'consent.channel must not be empty' });
  if (!textVersion)
    errors.push({ field: 'consent.textVersion', message: 'consent.textVersion must not be empty' });
  return { givenAt: raw.givenAt, channel: channel ?? '', textVersion: textVersion ?? '' };
}
