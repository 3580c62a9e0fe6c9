import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * `pg_dump` / `pg_restore` (Debian `postgresql-client`) run with the connection in the environment
 * (PGHOST, PGPASSWORD, …), never on the command line where `ps` would show the password.
 */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  // the tools inherit PATH and locale; the connection itself comes from AppConfig's URL
  // eslint-disable-next-line no-restricted-properties
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[(.*)\]$/, '$1'));
  env.PGPORT = u.port || '5432';
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  env.PGAPPNAME = 'travel-crm-backup';
  return env;
}

function run(
  cmd: string,
  args: string[],
  url: string,
  stdin: 'pipe' | 'ignore',
  extraEnv: NodeJS.ProcessEnv = {},
) {
  const child = spawn(cmd, args, { env: { ...pgEnv(url), ...extraEnv }, stdio: [stdin, 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(`"${cmd}" is not installed (Debian: apt-get install postgresql-client)`)
          : err,
      ),
    );
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
  exited.catch(() => undefined);
  return { child, exited };
}

/** `pg_dump -Fc` of the database in an exported snapshot, as a stream; `done` settles with its exit. */
export function pgDump(
  url: string,
  snapshot: string,
): { stream: Readable; done: Promise<void>; kill: () => void } {
  const { child, exited } = run(
    'pg_dump',
    ['--format=custom', '--compress=6', `--snapshot=${snapshot}`, '--no-owner', '--no-privileges'],
    url,
    'ignore',
  );
  return { stream: child.stdout!, done: exited, kill: () => void child.kill('SIGTERM') };
}

/**
 * Session settings for a restore whose target is thrown away afterwards (backup:verify's scratch
 * database): index builds sort in memory instead of spilling to disk, and commits do not wait for
 * the WAL flush. Server-side memory of the one restoring backend, not of this process.
 */
export const SCRATCH_RESTORE_PGOPTIONS = '-c maintenance_work_mem=256MB -c synchronous_commit=off';

/** Restores a custom-format dump from `source` in one transaction: all or nothing. */
export async function pgRestore(
  url: string,
  source: Readable,
  options: { scratch?: boolean } = {},
): Promise<void> {
  const { child, exited } = run(
    'pg_restore',
    [
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      `--dbname=${new URL(url).pathname.slice(1)}`,
    ],
    url,
    'pipe',
    options.scratch ? { PGOPTIONS: SCRATCH_RESTORE_PGOPTIONS } : {},
  );
  await Promise.all([pipeline(source, child.stdin as Writable), exited]);
}
