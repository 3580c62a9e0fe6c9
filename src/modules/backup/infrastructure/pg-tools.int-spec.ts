import { PassThrough, Readable } from 'node:stream';
import { Client } from 'pg';
import { emptyDatabase } from '../../../../test/support/backup';
import { useIntDb } from '../../../../test/support/int-db';
import { insertClientRow } from '../../../../test/support/int-fixtures';
import { pgDump, pgEnv, pgRestore } from './pg-tools';

jest.setTimeout(180_000);

describe('pg_dump / pg_restore on the migrated schema', () => {
  const db = useIntDb();

  it('puts the connection into the environment, never on the command line', () => {
    const env = pgEnv('postgres://crm:p%40ss@db.internal:6543/crm_prod?sslmode=require');
    expect(env).toMatchObject({
      PGHOST: 'db.internal',
      PGPORT: '6543',
      PGDATABASE: 'crm_prod',
      PGUSER: 'crm',
      PGPASSWORD: 'p@ss',
      PGSSLMODE: 'require',
      PGAPPNAME: 'travel-crm-backup',
    });
    expect(pgEnv('postgres://[::1]/x')).toMatchObject({ PGHOST: '::1', PGPORT: '5432' });
  });

  it('dumps a snapshot and restores it in one transaction; a broken dump restores nothing', async () => {
    await insertClientRow(db(), 'Снимок');
    const c = new Client({ connectionString: db().db.url });
    await c.connect();
    const target = await emptyDatabase('pgtools');
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const [{ snapshot }] = (await c.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot'))
        .rows;
      // a row written after the snapshot is not in the dump
      await insertClientRow(db(), 'После снимка');
      const dump = pgDump(db().db.url, snapshot);
      const chunks: Buffer[] = [];
      for await (const chunk of dump.stream) chunks.push(chunk as Buffer);
      await dump.done;
      await c.query('COMMIT');
      const bytes = Buffer.concat(chunks);
      expect(bytes.subarray(0, 5).toString()).toBe('PGDMP');

      await expect(pgRestore(target.url, Readable.from([bytes.subarray(0, 2000)]))).rejects.toThrow(
        /pg_restore failed/,
      );
      const t = new Client({ connectionString: target.url });
      await t.connect();
      try {
        expect(
          (await t.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n,
        ).toBe(0);
        await pgRestore(target.url, Readable.from([bytes]));
        const names = (
          await t.query<{ full_name: string }>(`SELECT full_name FROM clients ORDER BY full_name`)
        ).rows;
        expect(names.map((r) => r.full_name)).toContain('Снимок');
        expect(names.map((r) => r.full_name)).not.toContain('После снимка');
      } finally {
        await t.end();
      }
    } finally {
      await c.end();
      await target.drop();
    }
  });

  it("reports a dump that cannot run with the tool's own message", async () => {
    const dump = pgDump(db().db.url, 'not-a-snapshot');
    dump.stream.pipe(new PassThrough()).resume();
    await expect(dump.done).rejects.toThrow(/pg_dump failed \(exit 1\)/);
    const killed = pgDump(db().db.url, 'not-a-snapshot');
    killed.kill();
    await expect(killed.done).rejects.toThrow(/pg_dump failed/);
  });
});
