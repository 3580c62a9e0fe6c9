/**
 * JSON with object keys sorted at every level (undefined members left out), so equal data always
 * serialises — and hashes — the same. The one canonical form: the audit chain's hashes, the
 * documents' data hashes and the idempotency fingerprints all depend on it, so never change it
 * (see canonical-json.spec.ts: pinned to audit hashes of an existing chain).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
