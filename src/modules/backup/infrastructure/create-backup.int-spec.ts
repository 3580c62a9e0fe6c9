import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupKit } from '../../../../test/support/int-backup';
import { useIntDb } from '../../../../test/support/int-db';
import { insertClientRow } from '../../../../test/support/int-fixtures';
import { createBackup, listBackups } from './create-backup';
import { checkBackup } from './restore-backup';

/** A backup of the real schema: pg_dump of a migrated database with rows, age-encrypted artefacts, a manifest. */
jest.setTimeout(180_000);

describe('createBackup on the migrated schema', () => {
  const db = useIntDb();
  let kit: Awaited<ReturnType<typeof backupKit>>;

  beforeAll(async () => {
    kit = await backupKit(db().db.url);
    for (let i = 0; i < 3; i++) await insertClientRow(db(), `Клиент ${i}`);
  });
  afterAll(() => kit.cleanup());

  it('writes an encrypted dump, an encrypted object archive and a manifest with the database facts', async () => {
    const phases = new Set<string>();
    const result = await createBackup(
      {
        config: kit.config,
        storage: kit.storage,
        database: { kind: 'postgres', url: db().db.url },
        progress: (p) => phases.add(p.phase),
      },
      () => new Date('2026-11-30T03:00:00.000Z'),
    );
    expect(result.dir).toMatch(/crm-20261130T030000000Z$/);
    expect(readdirSync(result.dir).sort()).toEqual(['database.dump.age', 'manifest.json', 'objects.tar.age']);
    const m = result.manifest;
    expect(m).toMatchObject({ databaseFormat: 'pg_dump-custom', objects: { count: 2 } });
    expect(m.tables.clients).toBe(3);
    expect(m.migrationHead).toBeTruthy();
    expect(m.encryption).toEqual({ tool: 'age', recipients: [kit.keys.recipient] });
    expect(phases.has('database')).toBe(true);
    // nothing readable in the artefacts
    const bytes = readFileSync(join(result.dir, 'objects.tar.age'));
    expect(bytes.includes(Buffer.from('паспорт'))).toBe(false);
    expect(bytes.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(existsSync(`${result.dir}.partial`)).toBe(false);
    const listed = await listBackups(kit.config.backup.dir);
    expect(listed.map((b) => b.id)).toEqual(['crm-20261130T030000000Z']);
    expect(listed[0].createdAt).toEqual(new Date('2026-11-30T03:00:00.000Z'));
    expect(await checkBackup(kit.config, result.dir)).toEqual(m);
  });

  it('keeps the retention policy: older backups beyond the daily count are pruned', async () => {
    const config = {
      ...kit.config,
      backup: { ...kit.config.backup, retention: { daily: 1, weekly: 0, monthly: 0 } },
    };
    const ctx = { config, storage: kit.storage, database: { kind: 'postgres' as const, url: db().db.url } };
    const newer = await createBackup(ctx, () => new Date('2026-12-02T03:00:00.000Z'));
    expect(newer.deleted).toEqual(['crm-20261130T030000000Z']);
    expect((await listBackups(config.backup.dir)).map((b) => b.id)).toEqual(['crm-20261202T030000000Z']);
  });

  it('refuses to back up without age recipients', async () => {
    await expect(
      createBackup({
        config: { ...kit.config, backup: { ...kit.config.backup, ageRecipients: [] } },
        storage: kit.storage,
        database: { kind: 'postgres', url: db().db.url },
      }),
    ).rejects.toThrow(/BACKUP_AGE_RECIPIENTS/);
  });
});
