import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow, insertUser, testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { FileNameCodec } from '../../application/services/file-name.codec';
import { SqlClientFileRepository } from './sql-client-file.repository';

describe('SqlClientFileRepository on the migrated schema', () => {
  const db = useIntDb();
  const names = new FileNameCodec(testCipher('k1'));
  const repo = () => new SqlClientFileRepository(db().uow, names);

  const file = (clientId: string, over: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    clientId,
    objectKey: `clients/${clientId}/${uuidv7()}`,
    fileName: 'паспорт 4510 123456.pdf',
    contentType: 'application/pdf',
    size: 12345,
    sha256: 'a'.repeat(64),
    uploadedBy: null,
    uploadedAt: new Date('2026-11-30T10:00:00.000Z'),
    ...over,
  });

  it('round-trips a file with its name sealed (never stored in clear)', async () => {
    const clientId = await insertClientRow(db());
    const f = file(clientId);
    await repo().insert(f);
    expect(await db().tx(() => repo().findForUpdate(clientId, f.id))).toEqual(f);
    const [row] = await db().q<{ file_name: string | null; file_name_sealed: string }>(
      `SELECT file_name, file_name_sealed FROM client_files WHERE id = $1`,
      [f.id],
    );
    expect(row.file_name).toBeNull();
    expect(row.file_name_sealed).not.toContain('4510');
    // another client's id does not find it
    expect(await repo().findForUpdate(await insertClientRow(db()), f.id)).toBeNull();
  });

  it('reads a clear name stored before sealing, and the id when there is none', async () => {
    const clientId = await insertClientRow(db());
    const f = file(clientId);
    await repo().insert(f);
    await db().q(`UPDATE client_files SET file_name = 'old.pdf', file_name_sealed = NULL WHERE id = $1`, [
      f.id,
    ]);
    expect((await repo().findForUpdate(clientId, f.id))!.fileName).toBe('old.pdf');
  });

  it('hides a deleted file and records who deleted it', async () => {
    const clientId = await insertClientRow(db());
    const by = await insertUser(db());
    const f = file(clientId);
    await repo().insert(f);
    const at = new Date('2026-12-01T09:00:00.000Z');
    await repo().markDeleted(f.id, by, at);
    expect(await repo().findForUpdate(clientId, f.id)).toBeNull();
    const [row] = await db().q<{ deleted_at: Date; deleted_by: string }>(
      `SELECT deleted_at, deleted_by FROM client_files WHERE id = $1`,
      [f.id],
    );
    expect(row).toEqual({ deleted_at: at, deleted_by: by });
  });

  it('moves the live files of a merged client to the survivor and counts them', async () => {
    const from = await insertClientRow(db());
    const to = await insertClientRow(db());
    const a = file(from);
    const b = file(from);
    const gone = file(from);
    for (const f of [a, b, gone]) await repo().insert(f);
    await repo().markDeleted(gone.id, null, new Date());
    expect(await repo().moveAll(from, to)).toBe(2);
    expect((await repo().findForUpdate(to, a.id))!.fileName).toBe(a.fileName);
    expect(await repo().findForUpdate(from, b.id)).toBeNull();
    expect(await repo().moveAll(from, to)).toBe(0);
  });

  it('refuses two files on one object key (unique)', async () => {
    const clientId = await insertClientRow(db());
    const f = file(clientId);
    await repo().insert(f);
    await expect(repo().insert({ ...file(clientId), objectKey: f.objectKey })).rejects.toThrow(
      /unique|duplicate/,
    );
  });
});
