/**
 * JSON with object keys sorted at every level (undefined members left out), so equal data always
 * serialises — and hashes — the same. The one canonical form: the audit chain's hashes, the
 * documents' data hashes and the idempotency fingerprints all depend on it, so never change it
 * (see canonical-json.golden.spec.ts: pinned to audit hashes of an existing chain, and to the
 * first implementation on generated values).
 *
 * Built by appending to one string, keys sorted in place: every audited event passes through here
 * twice, and the entries/filter/sort/map/join of the first implementation were a tenth of a CSV
 * import's audit work. Keys sort by UTF-16 code units (`Array.prototype.sort`'s default order).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // a hole in a sparse array is written as nothing, as `map(...).join(',')` did
      if (i in value) out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key);
    out += ':';
    out += canonicalJson(member);
  }
  return `${out}}`;
}
