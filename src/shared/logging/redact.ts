/**
 * Masks secrets and personal data wherever they appear in a log entry: by key name in
 * structured metadata, and by shape in free text (tokens, e-mails, phone numbers, passports).
 */
const SENSITIVE_KEY =
  /^(password|passwordhash|password_hash|newpassword|currentpassword|adminpassword|admin_password|pass|secret|clientsecret|token|accesstoken|refreshtoken|apitoken|api_token|api_token_encrypted|authorization|cookie|set-cookie|x-telegram-bot-api-secret-token|webhooksecret|webhook_secret|passport|passports|series|passportnumber|phone|phones|email|emails|birthdate|birth_date|dateofbirth|contact|contacts|encryptionkey|key|jwt|otp|code_hash|accesstoken|appsecret|app_secret|verifytoken|verify_token|hub.verify_token|x-hub-signature-256|channel_secrets_encrypted)$/i;

const TEXT_PATTERNS: Array<[RegExp, string | ((m: string) => string)]> = [
  [/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[jwt]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\brt_[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[refresh-token]'],
  // download links of the local file store: a bearer credential whose payload names the file
  [/\bft1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}/g, '[file-token]'],
  [/\b\d{5,12}:[A-Za-z0-9_-]{30,}\b/g, '[bot-token]'],
  // Graph API (WhatsApp) access tokens
  [/\bEAA[A-Za-z0-9_-]{20,}/g, '[graph-token]'],
  [
    /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    (m: string) => `${m[0]}***@${m.slice(m.indexOf('@') + 1)}`,
  ],
  [/(?<![\w/-])(?:\+7|8|7)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?![\w-])/g, '[phone]'],
  [/(?<![\w/-])\+\d{10,14}(?![\w-])/g, '[phone]'],
  [/(?<![\w/-])\d{2}\s?\d{2}\s?№?\s?\d{6}(?![\w-])/g, '[passport]'],
];

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  let out = text;
  for (const [re, replacement] of TEXT_PATTERNS) {
    out = out.replace(re, replacement as string);
  }
  return out;
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SENSITIVE_KEY.test(k)
        ? v === null || v === undefined
          ? v
          : REDACTED
        : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
