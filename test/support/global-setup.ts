import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../src/shared/database/data-source.factory';
import { assertTestServer, templateName, urlFor, withAdmin } from './database';

/**
 * Builds (once per migrations content) a template database with every migration applied;
 * each test file then copies it. Refuses to touch a server whose database is not a test one.
 */
export default async function globalSetup(): Promise<void> {
  assertTestServer();
  process.env.CRM_TEST_RUN = randomBytes(3).toString('hex');
  const template = templateName();
  await withAdmin(async (admin) => {
    await admin.query(`SELECT pg_advisory_lock(hashtext('crm-test-template'))`);
    try {
      const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
      if (rowCount) return;
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      const ds = createDataSource({ url: urlFor(building), poolMax: 1 });
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      await ds.destroy();
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtext('crm-test-template'))`);
    }
  });
}
