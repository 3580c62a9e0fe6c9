/**
 * What kind of message arrived: only mail a person wrote (`personal`) becomes an application and
 * is acknowledged; machine mail (auto-replies, lists and bulk, delivery reports) is kept out of
 * the pipeline and never answered, so two robots never answer each other in a loop.
 */
export type MailKind = 'personal' | 'auto-reply' | 'bulk' | 'bounce';

export interface MailHeadersView {
  /** Lower-cased header name → every value (unfolded, decoded as text). */
  headers: ReadonlyMap<string, readonly string[]>;
  /** `type/subtype` of the top-level part, lower-case. */
  contentType: string;
  /** The top-level `report-type` parameter, lower-case, when there is one. */
  reportType?: string | null;
  /** The sender's bare address, lower-case, when there is one. */
  fromAddress: string | null;
}

const ROBOT_LOCAL_PART = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+-].*)?$/;

function first(h: MailHeadersView, name: string): string | null {
  const v = h.headers.get(name);
  return v && v.length > 0 ? v[0].trim() : null;
}

/** RFC 3834, RFC 2369/2919, RFC 6522 and the headers large senders add in their place. */
export function classifyMail(h: MailHeadersView): MailKind {
  const contentType = h.contentType.toLowerCase();
  if (contentType === 'multipart/report') return 'bounce';
  const returnPath = h.headers.get('return-path');
  // an empty reverse path (`<>`) is how MTAs mark their own notices (RFC 5321 §4.5.5)
  if (returnPath && returnPath.some((v) => /^<\s*>$/.test(v.trim()) || v.trim() === '')) return 'bounce';
  const local = h.fromAddress?.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster)$/.test(local)) return 'bounce';

  const autoSubmitted = first(h, 'auto-submitted');
  if (autoSubmitted !== null && autoSubmitted.split(';')[0].trim().toLowerCase() !== 'no')
    return 'auto-reply';
  if (h.headers.has('x-autoreply') || h.headers.has('x-autorespond')) return 'auto-reply';
  const suppress = first(h, 'x-auto-response-suppress');
  if (
    suppress !== null &&
    /\b(all|oof|autoreply)\b/i.test(suppress) &&
    /^auto/i.test(first(h, 'subject') ?? '')
  )
    return 'auto-reply';

  const precedence = (first(h, 'precedence') ?? '').toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence))
    return precedence === 'auto_reply' ? 'auto-reply' : 'bulk';
  for (const name of h.headers.keys()) if (name.startsWith('list-')) return 'bulk';
  if (h.headers.has('feedback-id') || h.headers.has('x-campaign-id')) return 'bulk';
  if (ROBOT_LOCAL_PART.test(local)) return 'auto-reply';
  return 'personal';
}
