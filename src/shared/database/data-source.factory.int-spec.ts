import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase, withAdmin } from '../../../test/support/database';
import { createDataSource } from './data-source.factory';

/** The pool under TypeORM's postgres driver (the one every query of the app goes through). */
function poolOf(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createDataSource: the pool keeps poolMin connections open when idle', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function idleAfterBurst(poolMin: number | undefined): Promise<{ pool: number; server: number }> {
    const applicationName = `pool-min-spec-${poolMin ?? 'default'}`;
    const ds = createDataSource({
      url: db.url,
      poolMax: 4,
      poolMin,
      idleTimeoutMillis: 100,
      applicationName,
    });
    await ds.initialize();
    try {
      // a burst: four connections in use at once (each held until all four have one: four
      // `pg_sleep(0.05)` statements let a loaded box reuse the first one freed, and open only three)
      const runners = [1, 2, 3, 4].map(() => ds.createQueryRunner());
      await Promise.all(runners.map((r) => r.connect()));
      await Promise.all(runners.map((r) => r.query('SELECT 1')));
      await Promise.all(runners.map((r) => r.release()));
      expect(poolOf(ds).totalCount).toBe(4);
      await sleep(600); // well past the idle timeout
      const server = await withAdmin(async (c) => {
        const r = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
          [db.name, applicationName],
        );
        return r.rows[0].n;
      });
      return { pool: poolOf(ds).totalCount, server };
    } finally {
      await ds.destroy();
    }
  }

  it('keeps poolMin of them, and the server still has them', async () => {
    expect(await idleAfterBurst(2)).toEqual({ pool: 2, server: 2 });
  });

  it('closes every idle connection with poolMin 0 (the default)', async () => {
    expect(await idleAfterBurst(undefined)).toEqual({ pool: 0, server: 0 });
  });

  it('never keeps more than poolMax', async () => {
    expect(await idleAfterBurst(9)).toEqual({ pool: 4, server: 4 });
  });
});
