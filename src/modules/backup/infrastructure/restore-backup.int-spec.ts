import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDatabase, tableDigests } from '../../../../test/support/backup';
import { backupKit, localStorageAt } from '../../../../test/support/int-backup';
import { useIntDb } from '../../../../test/support/int-db';
import { insertClientRow } from '../../../../test/support/int-fixtures';
import { BackupError } from '../domain/backup-manifest';
import { createBackup } from './create-backup';
import { checkBackup, restoreBackup, verifyBackup } from './restore-backup';

/** Restore and verify of a real backup: into an empty database, and by a scratch restore. */
jest.setTimeout(300_000);

describe('restoreBackup / verifyBackup on the migrated schema', () => {
  const db = useIntDb();
  let kit: Awaited<ReturnType<typeof backupKit>>;
  let backupDir: string;

  beforeAll(async () => {
    kit = await backupKit(db().db.url);
    for (let i = 0; i < 3; i++) await insertClientRow(db(), `Клиент ${i}`);
    backupDir = (
      await createBackup(
        { config: kit.config, storage: kit.storage, database: { kind: 'postgres', url: db().db.url } },
        () => new Date('2026-11-30T03:00:00.000Z'),
      )
    ).dir;
  });
  afterAll(() => kit.cleanup());

  it('restores into an empty database with the same rows and objects, then refuses a non-empty target', async () => {
    const target = await emptyDatabase('restore');
    try {
      const storage = await localStorageAt(join(kit.dir, 'restored-files'));
      const lines: string[] = [];
      const r = await restoreBackup(
        {
          config: kit.config,
          storage,
          database: { kind: 'postgres', url: target.url },
          log: (l) => lines.push(l),
        },
        backupDir,
      );
      expect(r.migrationsApplied).toEqual([]);
      expect(r.restored.tables.clients).toBe(3);
      expect(r.restored.objects.count).toBe(2);
      expect(lines[0]).toMatch(/^restoring backup of 2026-11-30T03:00:00.000Z/);
      expect(await tableDigests(target.url)).toEqual(await tableDigests(db().db.url));
      expect((await storage.getBuffer('clients/a/passport.pdf')).toString()).toBe('%PDF-1.4 паспорт');
      await expect(
        restoreBackup(
          { config: kit.config, storage, database: { kind: 'postgres', url: target.url } },
          backupDir,
        ),
      ).rejects.toThrow(/not empty|empty/);
    } finally {
      await target.drop();
    }
  });

  // a scratch restore is a whole pg_restore plus an audit re-verification: minutes on a loaded machine
  it('verifies a backup by a scratch restore, and rejects a tampered artefact', async () => {
    const v = await verifyBackup(kit.config, backupDir);
    expect(v.differences).toEqual([]);
    expect(v.audit.ok).toBe(true);

    const manifestPath = join(backupDir, 'manifest.json');
    const original = readFileSync(manifestPath, 'utf8');
    const broken = JSON.parse(original) as { tables: Record<string, number> };
    broken.tables.clients = 99;
    writeFileSync(manifestPath, JSON.stringify(broken));
    try {
      const bad = await verifyBackup(kit.config, backupDir);
      expect(bad.differences.join('\n')).toMatch(/clients/);
    } finally {
      writeFileSync(manifestPath, original);
    }
    const dump = join(backupDir, 'database.dump.age');
    const bytes = readFileSync(dump);
    writeFileSync(
      dump,
      Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([bytes[bytes.length - 1] ^ 1])]),
    );
    try {
      await expect(checkBackup(kit.config, backupDir)).rejects.toBeInstanceOf(BackupError);
    } finally {
      writeFileSync(dump, bytes);
    }
  });
});
