import { useIntDb } from '../../../../../test/support/int-db';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { FileNameCodec } from '../../application/services/file-name.codec';
import type { ImportReportRow } from '../../application/services/import-job.store';
import { SqlImportJobStore } from './sql-import-job.store';

interface JobRow {
  status: string;
  dry_run: boolean;
  file_name: string | null;
  file_name_sealed: string | null;
  encoding: string | null;
  delimiter: string | null;
  rows_total: number;
  rows_created: number;
  rows_duplicate: number;
  rows_invalid: number;
  error: string | null;
  finished_at: Date | null;
}

describe('SqlImportJobStore on the migrated schema', () => {
  const db = useIntDb();
  const names = new FileNameCodec(testCipher('k1'));
  const store = () => new SqlImportJobStore(db().uow, names);
  const job = (id: string) => db().one<JobRow>(`SELECT * FROM client_import_jobs WHERE id = $1`, [id]);

  const row = (n: number, status: ImportReportRow['status'], over: Partial<ImportReportRow> = {}) => ({
    row: n,
    status,
    clientId: null,
    duplicateOfClientId: null,
    duplicateOfRow: null,
    field: null,
    reason: null,
    ...over,
  });

  it('creates a processing job with the file name sealed, describes, records rows in batches and completes it', async () => {
    const id = uuidv7();
    await store().create({ id, dryRun: true, fileName: 'клиенты.csv', createdBy: null });
    let j = await job(id);
    expect(j).toMatchObject({ status: 'processing', dry_run: true, file_name: null, rows_total: 0 });
    expect(names.open('client_import_jobs', id, j.file_name_sealed, null)).toBe('клиенты.csv');

    await store().describe(id, { encoding: 'windows-1251', delimiter: ';' });
    const created = uuidv7();
    await store().record(id, [
      row(1, 'created', { clientId: created }),
      row(2, 'duplicate', { duplicateOfClientId: created, duplicateOfRow: 1 }),
      row(3, 'invalid', { field: 'phones[0]', reason: 'not a phone number' }),
    ]);
    await store().record(id, [row(4, 'created', { clientId: uuidv7() })]);
    await store().record(id, []);
    // a batch written again after a retry counts neither in the rows table nor in the totals twice
    await store().record(id, [
      row(4, 'created', { clientId: uuidv7() }),
      row(5, 'invalid', { field: 'email' }),
    ]);
    await store().finish(id, { status: 'completed' });
    j = await job(id);
    expect(j).toMatchObject({
      status: 'completed',
      encoding: 'windows-1251',
      delimiter: ';',
      rows_total: 5,
      rows_created: 2,
      rows_duplicate: 1,
      rows_invalid: 2,
      error: null,
    });
    expect(j.finished_at).toBeInstanceOf(Date);
    const rows = await db().q<{
      row_no: number;
      status: string;
      duplicate_row: number | null;
      field: string;
    }>(
      `SELECT row_no, status, duplicate_row, field FROM client_import_rows WHERE job_id = $1 ORDER BY row_no`,
      [id],
    );
    expect(rows).toEqual([
      { row_no: 1, status: 'created', duplicate_row: null, field: null },
      { row_no: 2, status: 'duplicate', duplicate_row: 1, field: null },
      { row_no: 3, status: 'invalid', duplicate_row: null, field: 'phones[0]' },
      { row_no: 4, status: 'created', duplicate_row: null, field: null },
      { row_no: 5, status: 'invalid', duplicate_row: null, field: 'email' },
    ]);
  });

  it('records a failed job with its error; a job without a file name stores none', async () => {
    const id = uuidv7();
    await store().create({ id, dryRun: false, fileName: null, createdBy: null });
    await store().finish(id, { status: 'failed', error: 'the file is not CSV' });
    expect(await job(id)).toMatchObject({
      status: 'failed',
      error: 'the file is not CSV',
      file_name_sealed: null,
      dry_run: false,
    });
  });
});
