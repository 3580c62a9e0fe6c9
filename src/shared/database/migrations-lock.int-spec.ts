import { randomBytes } from 'node:crypto';
import { urlFor, withAdmin } from '../../../test/support/database';
import { createDataSource, runMigrationsLocked } from './data-source.factory';

/** Two replicas starting together on an empty database (issue 11, item 5). */
describe('migrations under an advisory lock', () => {
  const name = `crm_test_migrate_${process.pid}_${randomBytes(3).toString('hex')}`;

  beforeAll(() => withAdmin(async (c) => void (await c.query(`CREATE DATABASE "${name}"`))));
  afterAll(() =>
    withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  );

  it('lets two data sources migrate the same empty database at once when both start together', async () => {
    const replicas = [1, 2].map((i) =>
      createDataSource({ url: urlFor(name), poolMax: 2, applicationName: `replica-${i}` }),
    );
    try {
      await Promise.all(replicas.map((ds) => ds.initialize()));
      const results = await Promise.allSettled(replicas.map((ds) => runMigrationsLocked(ds)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const applied = results.map((r) => (r as PromiseFulfilledResult<unknown[]>).value.length);
      // one replica applied everything, the other found nothing left to do
      expect(Math.min(...applied)).toBe(0);
      expect(Math.max(...applied)).toBeGreaterThan(0);
      const [{ count }] = (await replicas[0].query(
        `SELECT count(*)::int AS count FROM schema_migrations`,
      )) as Array<{
        count: number;
      }>;
      expect(count).toBe(Math.max(...applied));
    } finally {
      await Promise.all(replicas.map((ds) => (ds.isInitialized ? ds.destroy() : undefined)));
    }
  });
});
