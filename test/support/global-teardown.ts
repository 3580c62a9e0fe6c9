import { withAdmin } from './database';

/** Drops the databases this run's test files created (a crashed file may have left one). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.CRM_TEST_RUN;
  if (!run) return;
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`crm_test_${run}_%`],
    );
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  });
}
