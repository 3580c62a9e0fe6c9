/**
 * A package loaded by the first call instead of when the app starts, for libraries only some
 * installations use: an agency without an e-mail integration, or one keeping its files on disk,
 * would otherwise carry their modules in every process (the mail libraries, minio and the place
 * datasets were 30 MiB of an idle API's 80 MiB of heap; BENCHMARKS.md, issue 18).
 * `test/architecture/lazy-libraries.spec.ts` checks that importing the app loads none of them.
 *
 *   const minio = onFirstUse<typeof import('minio')>('minio');
 *   new (minio().Client)(…);
 */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return () => (loaded ??= require(name) as T);
}
