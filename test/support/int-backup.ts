import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { DownloadTokenSigner } from '../../src/shared/storage/download-token';
import { LocalDirectoryStorage } from '../../src/shared/storage/local-directory.storage';
import { ageKeyPair } from './backup';
import { testEnv } from './test-app';

/** A local object store in its own temp directory (started). */
export async function localStorageAt(root: string): Promise<LocalDirectoryStorage> {
  const s = new LocalDirectoryStorage({
    root,
    publicBaseUrl: 'http://127.0.0.1',
    signer: new DownloadTokenSigner('x'.repeat(32)),
  });
  await s.start();
  return s;
}

/** What a backup/restore needs: config with age keys and a backup directory, a store with two objects. */
export async function backupKit(databaseUrl: string, env: Record<string, string> = {}) {
  const keys = await ageKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'crm-int-backup-'));
  const config: AppConfig = loadConfig(
    testEnv(databaseUrl, {
      DATA_DIR: join(dir, 'data'),
      BACKUP_DIR: join(dir, 'backups'),
      BACKUP_AGE_RECIPIENTS: keys.recipient,
      BACKUP_AGE_IDENTITY_FILE: keys.identityFile,
      ...env,
    }),
    process.cwd(),
  );
  const storage = await localStorageAt(join(dir, 'files'));
  for (const [key, body] of [
    ['clients/a/passport.pdf', '%PDF-1.4 паспорт'],
    ['documents/b/1.pdf', '%PDF-1.4 договор'],
  ]) {
    const bytes = Buffer.from(body);
    await storage.put({
      key,
      body: Readable.from([bytes]),
      contentType: 'application/pdf',
      size: bytes.length,
    });
  }
  return { config, storage, dir, keys, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
