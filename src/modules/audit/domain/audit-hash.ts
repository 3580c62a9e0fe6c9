import { createHash } from 'node:crypto';

/** The fields an audit entry's hash covers. */
export interface AuditRecord {
  id: string;
  seq: number;
  ts: string;
  userId: string | null;
  role: string;
  action: string;
  entity: string;
  entityId: string | null;
  diff: unknown;
  correlationId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** hash_n = SHA-256(hash_{n-1} | canonical(entry_n)): altering or removing any entry breaks every later link. */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update('|').update(canonicalJson(record)).digest('hex');
}
