import { DomainError } from '../domain/domain-error';

const KEY_CHARS = /^[A-Za-z0-9/_.-]+$/;
const MAX_KEY_LENGTH = 512;
/** File systems allow 255 bytes per name; the local store adds `.json` for the metadata sidecar. */
const MAX_SEGMENT_LENGTH = 200;

/**
 * Why a key is unusable, or `null` when it is fine. Keys are relative paths of safe ASCII
 * characters only, so no adapter can be talked into leaving its root (`..`, `/etc/passwd`, `a\b`).
 */
export function objectKeyProblem(key: unknown): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'must be a non-empty string';
  if (key.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters long`;
  if (!KEY_CHARS.test(key)) return 'may contain only letters, digits and / _ . -';
  if (key.startsWith('/')) return 'must not start with /';
  if (key.endsWith('/')) return 'must not end with /';
  if (key.includes('..')) return 'must not contain ..';
  if (key.split('/').some((segment) => segment === '' || segment === '.')) {
    return 'must not contain empty or "." path segments';
  }
  if (key.split('/').some((segment) => segment.length > MAX_SEGMENT_LENGTH)) {
    return `must not have path segments longer than ${MAX_SEGMENT_LENGTH} characters`;
  }
  return null;
}

export function isValidObjectKey(key: unknown): key is string {
  return objectKeyProblem(key) === null;
}

/** Throws `STORAGE.INVALID_KEY` (422) unless the key is safe to use as a relative path. */
export function assertObjectKey(key: unknown): asserts key is string {
  const problem = objectKeyProblem(key);
  if (problem !== null) {
    throw new DomainError('STORAGE.INVALID_KEY', `The object key ${problem}`, {}, [
      { field: 'key', message: `key ${problem}` },
    ]);
  }
}
