const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN_RE = /^[a-km-np-z2-9]{10}$/;

/**
 * The plus-address token of an application (`zayavki+<token>@agency.ru`), derived from a keyed
 * hash of its id (hex): stable, so nothing needs storing, and unguessable without the key.
 */
export function replyToken(keyedHashHex: string): string {
  let out = '';
  for (let i = 0; i < 10; i += 1) out += ALPHABET[parseInt(keyedHashHex.slice(i * 2, i * 2 + 2), 16) % 32];
  return out;
}

/** `zayavki@agency.ru` + token → `zayavki+<token>@agency.ru`. */
export function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).split('+')[0];
  return `${local}+${token}@${address.slice(at + 1)}`;
}

/**
 * The token of the first recipient that is the mailbox's own address with a `+token` detail
 * (the domain and the local part compared case-insensitively); null when none is.
 */
export function tokenFromRecipients(own: string, recipients: readonly string[]): string | null {
  const at = own.lastIndexOf('@');
  const ownLocal = own.slice(0, at).split('+')[0].toLowerCase();
  const ownDomain = own.slice(at + 1).toLowerCase();
  for (const r of recipients) {
    const a = r.lastIndexOf('@');
    if (a < 0 || r.slice(a + 1).toLowerCase() !== ownDomain) continue;
    const [local, ...detail] = r.slice(0, a).split('+');
    const token = detail.join('+').toLowerCase();
    if (local.toLowerCase() === ownLocal && TOKEN_RE.test(token)) return token;
  }
  return null;
}
