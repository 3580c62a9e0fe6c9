import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { MAX_EMAIL, MAX_PHONE_TEXT } from '../../../shared/domain/contact-limits';

/**
 * Normalisation and masking of the personal data a client carries. Normalised values are what
 * blind indexes are computed from, so two spellings of one phone or e-mail are one value.
 */

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased and trimmed; `null` when it is not an e-mail address. */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL || !EMAIL_RE.test(email)) return null;
  return email;
}

/**
 * E.164 (`+79123456789`) with Russia as the default region: `8 (912) 345-67-89`,
 * `+7 912 345 6789` and `79123456789` are one number. `null` when it is not a valid number.
 */
export function normalisePhone(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_PHONE_TEXT || !/^[\d\s()+\-.]+$/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, 'RU');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** Series and number of a passport as one key: letters and digits only, upper-cased. */
export function passportKey(series: string, number: string): string {
  return `${series}${number}`.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** `+7 912 ***-**-89` for Russian numbers, `+44 20****0958`-like for others. */
export function maskPhone(e164: string): string {
  const m = /^\+7(\d{3})\d{5}(\d{2})$/.exec(e164);
  if (m) return `+7 ${m[1]} ***-**-${m[2]}`;
  if (e164.length <= 6) return '***';
  return `${e164.slice(0, 4)}${'*'.repeat(e164.length - 6)}${e164.slice(-2)}`;
}

/** `i***@example.ru` */
export { maskEmail } from '../../../shared/domain/masking';

/** `45 ** ***123`: the first two characters of the series and the last three of the number. */
export function maskPassport(series: string, number: string): string {
  const s = series.replace(/\s+/g, '');
  const n = number.replace(/\s+/g, '');
  const maskedSeries = s.length <= 2 ? s : `${s.slice(0, 2)} ${'*'.repeat(s.length - 2)}`;
  const maskedNumber = `${'*'.repeat(Math.max(0, n.length - 3))}${n.slice(-3)}`;
  return maskedSeries ? `${maskedSeries} ${maskedNumber}` : maskedNumber;
}

/** `@iv***` */
export function maskHandle(handle: string): string {
  const h = handle.startsWith('@') ? handle.slice(1) : handle;
  return `@${h.slice(0, 2)}***`;
}

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** `ДД.ММ.ГГГГ` or ISO `YYYY-MM-DD` → ISO; `null` when neither or not a real date. */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = ru ? `${ru[3]}-${ru[2].padStart(2, '0')}-${ru[1].padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : null;
}

/** A Telegram username as `@name`; `null` when it cannot be one. */
export function normaliseTelegram(raw: string): string | null {
  const t = raw
    .trim()
    .replace(/^https?:\/\/t\.me\//i, '')
    .replace(/^@/, '');
  return /^[A-Za-z][A-Za-z0-9_]{4,31}$/.test(t) ? `@${t}` : null;
}
