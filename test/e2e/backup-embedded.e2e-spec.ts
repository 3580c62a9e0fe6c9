import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ageKeyPair } from '../support/backup';
import { testEnv } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');

/**
 * PGlite loads its WebAssembly with a dynamic import that Jest's VM does not allow, so the
 * embedded database is driven from real processes, as `npm run backup` would run.
 */
function node(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((r) => child.once('close', (code) => r({ code, out })));
}

/** Migrates the embedded database under DATA_DIR, adds 25 sealed clients and one file, prints the client rows. */
const SEED = `
const { startEmbeddedPostgres } = require('./src/shared/database/embedded-postgres');
const { MIGRATIONS_GLOB } = require('./src/shared/database/migrations-path');
const { LocalDirectoryStorage } = require('./src/shared/storage/local-directory.storage');
const { DownloadTokenSigner } = require('./src/shared/storage/download-token');
const { DataSource } = require('typeorm');
(async () => {
  const dir = process.env.DATA_DIR;
  const db = await startEmbeddedPostgres(dir, 2);
  const ds = new DataSource({ type: 'postgres', url: db.url, migrations: [MIGRATIONS_GLOB], migrationsTableName: 'schema_migrations', extra: { max: 1 } });
  await ds.initialize();
  if (process.argv[1] === 'seed') {
    await ds.runMigrations({ transaction: 'each' });
    await ds.query("INSERT INTO clients (id, full_name, search_name, pii, key_id) SELECT gen_random_uuid(), 'Клиент ' || i, 'клиент ' || i, 'v1:k1:c2VhbGVk' || i, 'k1' FROM generate_series(1, 25) i");
    const s = new LocalDirectoryStorage({ root: dir + '/files', publicBaseUrl: 'http://x', signer: new DownloadTokenSigner('x'.repeat(32)) });
    await s.start();
    await s.put({ key: 'clients/a/scan.pdf', body: Buffer.from('%PDF-1.7 scan'), contentType: 'application/pdf' });
  }
  const rows = await ds.query('SELECT id, full_name, pii FROM clients ORDER BY id');
  console.log('ROWS ' + JSON.stringify(rows));
  await ds.destroy();
  await db.stop();
})().catch((e) => { console.error(e); process.exit(1); });
`;

const rowsOf = (out: string) => /^ROWS (.*)$/m.exec(out)?.[1];

describe('backup of the embedded database (e2e)', () => {
  const dirs: string[] = [];
  const newDir = (tag: string) => {
    const d = mkdtempSync(join(tmpdir(), `crm-${tag}-`));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('backs up PGlite with its own dump, verifies it and restores it into a new embedded database when DATABASE_URL is unset', async () => {
    const keys = await ageKeyPair();
    const source = newDir('embedded-src');
    const backups = newDir('embedded-backups');
    const env = (dataDir: string) => {
      const e = testEnv('', {
        DATA_DIR: dataDir,
        BACKUP_DIR: backups,
        BACKUP_AGE_RECIPIENTS: keys.recipient,
        BACKUP_AGE_IDENTITY_FILE: keys.identityFile,
      });
      delete (e as Record<string, string | undefined>).DATABASE_URL;
      return e;
    };
    const seeded = await node(['-e', SEED, 'seed'], env(source));
    expect(seeded.code).toBe(0);
    const before = rowsOf(seeded.out);
    expect(JSON.parse(before!)).toHaveLength(25);

    const backup = await node(['src/cli.ts', 'backup'], env(source));
    expect(backup.code).toBe(0);
    const dir = backup.out.trim().split('\n').at(-1)!;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      databaseFormat: 'pglite-datadir',
      keyIds: ['k1'],
      objects: { count: 1 },
    });
    expect(manifest.tables.clients).toBe(25);

    const verify = await node(['src/cli.ts', 'backup:verify', dir], env(source));
    expect(verify.out.trim().split('\n').at(-1)).toMatch(/^verify ok: /);
    expect(verify.code).toBe(0);

    const target = newDir('embedded-target');
    const restore = await node(['src/cli.ts', 'restore', dir], env(target));
    expect(restore.out.trim().split('\n').at(-1)).toMatch(/^restore ok: .* 1 objects/);
    expect(restore.code).toBe(0);
    const after = await node(['-e', SEED, 'read'], env(target));
    expect(rowsOf(after.out)).toBe(before);
    expect(readFileSync(join(target, 'files/objects/clients/a/scan.pdf'), 'utf8')).toBe('%PDF-1.7 scan');

    const again = await node(['src/cli.ts', 'restore', dir], env(target));
    expect(again.code).toBe(1);
    expect(again.out.trim().split('\n').at(-1)).toMatch(
      /restore failed: refusing to restore: the embedded database .* already exists/,
    );
  }, 900_000);
});
