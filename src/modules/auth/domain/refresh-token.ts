import { randomBytes } from 'node:crypto';

/**
 * Refresh tokens are opaque: `rt_<id>.<secret>`. The id finds the row; only an HMAC of the
 * secret is stored, so a database leak yields no usable token.
 */
export interface ParsedRefreshToken {
  id: string;
  secret: string;
}

const TOKEN_RE = /^rt_([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

export function formatRefreshToken(id: string, secret: string): string {
  return `rt_${id.replace(/-/g, '')}.${secret}`;
}

export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function parseRefreshToken(token: string): ParsedRefreshToken | null {
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const h = m[1];
  return {
    id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    secret: m[2],
  };
}
