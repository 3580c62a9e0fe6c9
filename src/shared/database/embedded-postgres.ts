import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Extension } from '@electric-sql/pglite';

export interface EmbeddedPostgres {
  url: string;
  /** The data directory as a tarball, taken between two statements: a crash-consistent copy (backups). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Start from this data directory tarball (a {@link EmbeddedPostgres.dump}); the directory must be new. */
  loadDataDir?: Blob;
}

/**
 * The quick-start database: PGlite (PostgreSQL compiled to WebAssembly) kept under DATA_DIR,
 * served over the PostgreSQL wire protocol on loopback so the app uses the same `pg` driver,
 * pool and migrations as in production. PGlite runs one session at a time; the socket server
 * queues the others, and a transaction holds the queue until it ends.
 */
export async function startEmbeddedPostgres(
  /** DATA_DIR (the database lives in its `pgdata`), or null for a throw-away database in memory. */
  dataDir: string | null,
  maxConnections: number,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  // Loaded lazily: production deployments with DATABASE_URL never load the WebAssembly build.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const { PGLiteSocketServer } =
    require('@electric-sql/pglite-socket') as typeof import('@electric-sql/pglite-socket');
  // extensions the migrations create (pg_trgm: name search of clients)
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
  /* eslint-enable @typescript-eslint/no-require-imports */
  let dir: string | undefined;
  if (dataDir !== null) {
    dir = join(dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
  }
  const db = await PGlite.create(dir, { extensions: { pg_trgm }, loadDataDir: options.loadDataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    dump: () => db.dumpDataDir('none'),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
