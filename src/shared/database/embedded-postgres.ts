import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Extension } from '@electric-sql/pglite';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * The quick-start database: PGlite (PostgreSQL compiled to WebAssembly) kept under DATA_DIR,
 * served over the PostgreSQL wire protocol on loopback so the app uses the same `pg` driver,
 * pool and migrations as in production. PGlite runs one session at a time; the socket server
 * queues the others, and a transaction holds the queue until it ends.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  maxConnections: number,
): Promise<EmbeddedPostgres> {
  // Loaded lazily: production deployments with DATABASE_URL never load the WebAssembly build.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const { PGLiteSocketServer } =
    require('@electric-sql/pglite-socket') as typeof import('@electric-sql/pglite-socket');
  // extensions the migrations create (pg_trgm: name search of clients)
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir, { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
