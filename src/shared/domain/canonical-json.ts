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
  const keys = sortedInPlace(Object.keys(record));
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

/**
 * `keys` in `Array.prototype.sort`'s default order (UTF-16 code units, which is how `<` compares
 * strings), sorted where they are. V8's sort copies its array into a work array on every call, and
 * an audited event's two canonical forms sort every object they hold: that copy was 5 % of the
 * bytes an added service allocates (issue 18). Object keys are few and distinct, so an insertion
 * sort suits them; a long key list still goes to the built-in sort.
 */
function sortedInPlace(keys: string[]): string[] {
  if (keys.length > 24) return keys.sort();
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j -= 1;
    }
    keys[j + 1] = key;
  }
  return keys;
}
