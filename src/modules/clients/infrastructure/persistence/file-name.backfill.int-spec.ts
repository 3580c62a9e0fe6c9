import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow, testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { FileNameCodec } from '../../application/services/file-name.codec';
import { FileNameBackfill } from './file-name.backfill';

describe('FileNameBackfill (clients) on the migrated schema', () => {
  const db = useIntDb();
  const names = new FileNameCodec(testCipher('k1'));

  it('seals every clear file name of files and import jobs in batches, clears the clear column, and is idempotent', async () => {
    const clientId = await insertClientRow(db());
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = uuidv7();
      files.push(id);
      await db().q(
        `INSERT INTO client_files (id, client_id, object_key, file_name, content_type, size, sha256)
         VALUES ($1, $2, $3, $4, 'application/pdf', 1, 'x')`,
        [id, clientId, `k/${id}`, `скан ${i}.pdf`],
      );
    }
    const jobId = uuidv7();
    await db().q(
      `INSERT INTO client_import_jobs (id, status, dry_run, file_name) VALUES ($1, 'completed', false, 'база.csv')`,
      [jobId],
    );
    const backfill = new FileNameBackfill(db().uow, names);
    expect(await backfill.run(2)).toBe(6);
    const rows = await db().q<{ id: string; file_name: string | null; file_name_sealed: string }>(
      `SELECT id, file_name, file_name_sealed FROM client_files WHERE client_id = $1 ORDER BY id`,
      [clientId],
    );
    expect(rows.every((r) => r.file_name === null)).toBe(true);
    expect(rows.map((r) => names.open('client_files', r.id, r.file_name_sealed, null))).toEqual(
      files.map((_, i) => `скан ${i}.pdf`),
    );
    const job = await db().one<{ file_name: string | null; file_name_sealed: string }>(
      `SELECT file_name, file_name_sealed FROM client_import_jobs WHERE id = $1`,
      [jobId],
    );
    expect(job.file_name).toBeNull();
    expect(names.open('client_import_jobs', jobId, job.file_name_sealed, null)).toBe('база.csv');
    // a sealed value is bound to its row: copied elsewhere it does not open
    expect(() => names.open('client_files', files[1], rows[0].file_name_sealed, null)).toThrow();
    expect(await backfill.run()).toBe(0);
    await expect(backfill.onApplicationBootstrap()).resolves.toBeUndefined();
  });
});
