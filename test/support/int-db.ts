import type { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/app.entities';
import { createDataSource } from '../../src/shared/database/data-source.factory';
import { sharedLaneCount } from '../../src/shared/database/shared-read-lanes';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import { createTestDatabase, type TestDatabase } from './database';

/**
 * The repository test tier (`*.int-spec.ts`): a fresh database copied from the migrated
 * template (every migration applied, nothing else), a DataSource on it and a UnitOfWork —
 * no Nest application, no HTTP. Each spec file gets its own database and drops it at the end.
 */
export interface IntDb {
  db: TestDatabase;
  ds: DataSource;
  uow: UnitOfWork;
  /** Rows of a statement straight on the pool (fixtures and assertions). */
  q<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** One row (the first) of a statement; throws when there is none. */
  one<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R>;
  /** Runs `work` inside a unit of work (one transaction), as a command handler would. */
  tx<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openIntDb(poolMax = 4): Promise<IntDb> {
  const db = await createTestDatabase();
  // pipelined, as the application's pool is by default (DB_PIPELINE)
  const ds = createDataSource({
    url: db.url,
    poolMax,
    applicationName: 'int-spec',
    entities: ENTITIES,
    pipeline: true,
    // the app's shared read lanes for a pool of this size (none under five)
    sharedReadLanes: sharedLaneCount(poolMax, true),
  });
  await ds.initialize();
  const uow = new UnitOfWork(ds);
  const q = async <R>(text: string, params: unknown[] = []): Promise<R[]> =>
    (await uow.sql<R>(text, params)).rows;
  return {
    db,
    ds,
    uow,
    q,
    one: async <R>(text: string, params: unknown[] = []): Promise<R> => {
      const [r] = await q<R>(text, params);
      if (r === undefined) throw new Error(`no row: ${text}`);
      return r;
    },
    tx: (work) => uow.run(work),
    close: async () => {
      await uow.close(); // the shared read lanes' connections go back first: the pool ends after them
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    },
  };
}

/**
 * Registers beforeAll/afterAll for one describe block and returns an accessor:
 * `const it$ = useIntDb(); ... it$().uow`.
 */
export function useIntDb(poolMax = 4): () => IntDb {
  let current: IntDb | undefined;
  beforeAll(async () => {
    current = await openIntDb(poolMax);
  });
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error('useIntDb(): the database is opened in beforeAll');
    return current;
  };
}
