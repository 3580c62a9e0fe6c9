import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Extension } from '@electric-sql/pglite';
import { StartupError } from './startup-error';

export interface EmbeddedPostgres {
  url: string;
  /** The unix socket the database listens on (in a 0700 directory: only this user can connect). */
  socketPath: string;
  /** The data directory as a tarball, taken between two statements: a crash-consistent copy (backups). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Start from this data directory tarball (a {@link EmbeddedPostgres.dump}); the directory must be new. */
  loadDataDir?: Blob;
}

const LOCK_FILE = 'embedded-postgres.lock';
/** Unix socket paths are limited to ~107 bytes; longer DATA_DIRs put the socket in a private temp dir. */
const MAX_SOCKET_PATH = 100;
const SOCKET_PORT = 5432;

const held = new Map<string, string>();

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per DATA_DIR: PGlite is a single session over files, and a second process on the
 * same files would corrupt them. A lock file holds the owner's pid; a lock whose process is gone
 * (kill -9, power loss) is stale and taken over. A second start fails with one line.
 * Idempotent within a process (main.ts checks before building the app, the module again).
 */
export function lockDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  if (held.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      held.set(dir, file);
      process.once('exit', () => unlockDataDir(dir));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    } catch {
      // vanished between the two calls: try again
    }
    if (alive(owner)) {
      throw new StartupError(
        `Embedded database error: DATA_DIR ${dir} is in use by another process (pid ${owner}, lock ${file}); ` +
          'stop that process, or give this one another DATA_DIR or a DATABASE_URL',
      );
    }
    rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new StartupError(`Embedded database error: cannot take the lock ${file}`);
}

export function unlockDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  const file = held.get(dir);
  if (!file) return;
  held.delete(dir);
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** A directory only this user can enter, for the socket. */
function privateSocketDir(dataDir: string): { dir: string; temporary: boolean } {
  const preferred = join(dataDir, 'run');
  if (join(preferred, `.s.PGSQL.${SOCKET_PORT}`).length <= MAX_SOCKET_PATH) {
    mkdirSync(preferred, { recursive: true, mode: 0o700 });
    chmodSync(preferred, 0o700);
    return { dir: preferred, temporary: false };
  }
  return { dir: mkdtempSync(join(tmpdir(), 'crm-pg-')), temporary: true }; // mkdtemp: 0700
}

/**
 * The quick-start database: PGlite (PostgreSQL compiled to WebAssembly) kept under DATA_DIR,
 * served over the PostgreSQL wire protocol so the app uses the same `pg` driver, pool and
 * migrations as in production. PGlite accepts any user without a password, so it listens on a
 * unix socket in a 0700 directory (`DATA_DIR/run`), never on a TCP port other local users could
 * reach. PGlite runs one session at a time; the socket server queues the others, and a
 * transaction holds the queue until it ends.
 */
export async function startEmbeddedPostgres(
  /** DATA_DIR (the database lives in its `pgdata`), or null for a throw-away database in memory. */
  dataDir: string | null,
  maxConnections: number,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  if (dataDir !== null) lockDataDir(dataDir);
  // Loaded lazily: production deployments with DATABASE_URL never load the WebAssembly build.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const { PGLiteSocketServer } =
    require('@electric-sql/pglite-socket') as typeof import('@electric-sql/pglite-socket');
  // extensions the migrations create (pg_trgm: name search of clients)
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
  /* eslint-enable @typescript-eslint/no-require-imports */
  let dir: string | undefined;
  let socket: { dir: string; temporary: boolean };
  if (dataDir !== null) {
    dir = join(dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
    socket = privateSocketDir(resolve(dataDir));
  } else {
    socket = { dir: mkdtempSync(join(tmpdir(), 'crm-pg-')), temporary: true }; // mkdtemp: 0700
  }
  const socketPath = join(socket.dir, `.s.PGSQL.${SOCKET_PORT}`);
  rmSync(socketPath, { force: true }); // left by a process that died (we hold the lock)
  const db = await PGlite.create(dir, { extensions: { pg_trgm }, loadDataDir: options.loadDataDir });
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  return {
    url: `postgres://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socket.dir)}`,
    socketPath,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      await db.close();
      rmSync(socket.temporary ? socket.dir : socketPath, { recursive: true, force: true });
      if (dataDir !== null) unlockDataDir(dataDir);
    },
  };
}
