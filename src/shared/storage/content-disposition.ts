/** Characters that may appear in a quoted `filename="…"` as they are. */
const PLAIN_NAME = /^[A-Za-z0-9 !#$&+,.;=@^_`{}~()[\]-]+$/;

/**
 * Cleans a file name for a download: path separators, quotes, backslashes and control characters
 * become `_`, surrounding blanks go, and it is cut to 255 characters. Never empty.
 */
export function sanitizeFileName(name: string, fallback = 'file'): string {
  const cleaned = Array.from(
    name
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f-\u009f"\\/]/g, '_')
      .trim(),
  )
    .slice(0, 255)
    .join('');
  return cleaned.length > 0 && cleaned !== '.' && cleaned !== '..' ? cleaned : fallback;
}

/** An ASCII stand-in for clients that ignore `filename*` (non-ASCII characters become `_`). */
export function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
}

/** RFC 5987 `ext-value` encoding: UTF-8 percent-encoded, nothing but attr-chars left bare. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment` Content-Disposition (RFC 6266) for a file name in any script: an ASCII
 * `filename="…"` for old clients plus `filename*=UTF-8''…` that carries the real (e.g. Cyrillic) name.
 * With `extended: 'when-needed'` the `filename*` part is left out for names that are plain ASCII.
 */
export function contentDisposition(
  fileName: string,
  options: { extended: 'always' | 'when-needed' } = { extended: 'always' },
): string {
  const name = sanitizeFileName(fileName);
  const plain = PLAIN_NAME.test(name);
  if (plain && options.extended === 'when-needed') return `attachment; filename="${name}"`;
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
