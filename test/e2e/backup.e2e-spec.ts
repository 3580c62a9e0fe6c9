import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import passport from 'passport';
import type { CrmClient } from '../../client';
import { runCli } from '../../src/cli';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { createBackup } from '../../src/modules/backup/infrastructure/create-backup';
import { restoreBackup, verifyBackup } from '../../src/modules/backup/infrastructure/restore-backup';
import { JwtStrategy } from '../../src/modules/auth/infrastructure/jwt.strategy';
import { DownloadTokenSigner } from '../../src/shared/storage/download-token';
import { LocalDirectoryStorage } from '../../src/shared/storage/local-directory.storage';
import { setAgency } from '../support/agency';
import { ageKeyPair, emptyDatabase, objectDigests, tableDigests } from '../support/backup';
import { clientBody, dbRows } from '../support/clients';
import { TEST_SERVER_URL } from '../support/database';
import { orderWithTotal, pay } from '../support/finance';
import { flight } from '../support/orders';
import { PDF_BYTES, postFile, userWithToken } from '../support/uploads';
import { eventually, startTestApp, TEST_KEY, testEnv, type TestApp } from '../support/test-app';

function storageAt(dataDir: string): LocalDirectoryStorage {
  return new LocalDirectoryStorage({
    root: join(dataDir, 'files'),
    publicBaseUrl: 'http://127.0.0.1',
    signer: new DownloadTokenSigner('x'.repeat(32)),
  });
}

/** Every byte of every file of a backup directory. */
function backupBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

/**
 * The app has nothing left to do after its requests: every event delivered and every document
 * regeneration the deliveries asked for done (a pending request is rendered, and its row deleted,
 * moments later: a backup taken before that would hold a row the live data no longer has).
 */
async function settled(url: string): Promise<boolean> {
  const [r] = await dbRows<{ n: string }>(
    url,
    `SELECT (SELECT count(*) FROM outbox WHERE status <> 'delivered')
          + (SELECT count(*) FROM document_regeneration_requests) AS n`,
  );
  return r.n === '0';
}

async function outboxDrained(url: string): Promise<boolean> {
  const [r] = await dbRows<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM outbox WHERE status <> 'delivered'`,
  );
  return r.n === '0';
}

describe('backup, restore and backup:verify (e2e)', () => {
  let src: TestApp;
  let operator: CrmClient;
  let keys: { recipient: string; identityFile: string };
  let backupDir: string;
  let config: AppConfig;
  const dirs: string[] = [];
  const seeded: { clientId: string; passport: string; phone: string; email: string; name: string }[] = [];

  const newDir = (tag: string) => {
    const d = mkdtempSync(join(tmpdir(), `crm-${tag}-`));
    dirs.push(d);
    return d;
  };
  /** The configuration the CLI would read for the source app, pointed elsewhere by `env`. */
  const configFor = (url: string, env: Record<string, string>) =>
    loadConfig(
      testEnv(url, {
        BACKUP_AGE_RECIPIENTS: keys.recipient,
        BACKUP_AGE_IDENTITY_FILE: keys.identityFile,
        BACKUP_DIR: backupDir,
        ...env,
      }),
      process.cwd(),
    );

  beforeAll(async () => {
    keys = await ageKeyPair();
    backupDir = newDir('backups');
    const dataDir = newDir('src-data');
    src = await startTestApp({ env: { DATA_DIR: dataDir, PDF_RENDER_WORKERS: '1' } });
    config = configFor(src.db.url, { DATA_DIR: dataDir });
    const op = await userWithToken(src, 'operator');
    operator = op.client;
    const accountant = (await src.userClient('accountant')).client;
    await setAgency(src.admin);
    for (let i = 0; i < 3; i++) {
      const c = clientBody({ fullName: `Сидорова Анна ${['Петровна', 'Ивановна', 'Олеговна'][i]}` });
      const r = await operator.POST('/api/v1/clients', { body: c.body as never });
      expect(r.response.status).toBe(201);
      const clientId = r.data!.id;
      seeded.push({
        clientId,
        passport: c.passport.number,
        phone: c.phone.e164.slice(2),
        email: (c.body.emails as string[])[0],
        name: c.body.fullName as string,
      });
      const file = await postFile(src, op.token, `/api/v1/clients/${clientId}/documents`, {
        bytes: PDF_BYTES,
        name: `passport-scan-${i}.pdf`,
        type: 'application/pdf',
      });
      expect(file.status).toBe(201);
      const order = await orderWithTotal(operator, { clientId, withEuroHotel: i === 0 });
      expect((await pay(accountant, order.id, { amount: '1000.00' })).response.status).toBe(201);
      const doc = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: order.id } },
        body: { type: 'contract' },
      });
      expect(doc.response.status).toBe(201);
    }
    await eventually(() => settled(src.db.url), 30_000);
  }, 180_000);

  afterAll(async () => {
    await src?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('restores every row and every object exactly into a new database and store, and the restored app reads it when a backup is restored', async () => {
    const lines: string[] = [];
    const storage = storageAt(config.dataDir);
    const result = await createBackup({
      config,
      storage,
      database: { kind: 'postgres', url: src.db.url },
      log: (l) => lines.push(l),
    });
    const m = result.manifest;
    expect(m.tables.clients).toBe(3);
    expect(m.tables.payments).toBe(3);
    expect(m.objects.count).toBeGreaterThanOrEqual(6); // three scans and three contracts
    expect(m.audit.entries).toBeGreaterThan(10);
    expect(m.keyIds).toEqual(['k1']);
    expect(m.artefacts.map((a) => a.name).sort()).toEqual(['database.dump.age', 'objects.tar.age']);
    const [head] = await dbRows<{ id: string; hash: string }>(
      src.db.url,
      `SELECT l.id, l.hash FROM audit_log l JOIN audit_chain_head h ON h.seq = l.seq`,
    );
    expect(m.audit).toMatchObject({ lastId: head.id, lastHash: head.hash });

    const target = await emptyDatabase('restored');
    const targetData = newDir('restored-data');
    try {
      const targetStorage = storageAt(targetData);
      await targetStorage.start();
      const restored = await restoreBackup(
        {
          config: configFor(target.url, { DATA_DIR: targetData }),
          storage: targetStorage,
          database: { kind: 'postgres', url: target.url },
        },
        result.dir,
      );
      expect(restored.migrationsApplied).toEqual([]);
      // telegram_jobs holds the live app's job heartbeat, rewritten on its own after the snapshot
      const live = (digests: Record<string, string>) => {
        delete digests.telegram_jobs;
        return digests;
      };
      expect(live(await tableDigests(target.url))).toEqual(live(await tableDigests(src.db.url)));
      expect(await objectDigests(targetStorage)).toEqual(await objectDigests(storage));

      // an app started on the restored data: the chain verifies, personal data decrypts
      const app = await startTestApp({
        db: { name: target.name, url: target.url, drop: async () => undefined },
        env: { DATA_DIR: targetData },
      });
      try {
        const verify = await app.admin.GET('/api/v1/audit/verify');
        expect(verify.data).toMatchObject({ ok: true });
        expect(verify.data!.checked).toBeGreaterThanOrEqual(m.audit.entries);
        const c = await app.admin.GET('/api/v1/clients/{id}', {
          params: { path: { id: seeded[0].clientId } },
        });
        expect(c.data!.passports![0].number).toBe(seeded[0].passport);
        const files = await app.admin.GET('/api/v1/clients/{id}/documents', {
          params: { path: { id: seeded[0].clientId } },
        });
        expect(files.data!.items).toHaveLength(1);
      } finally {
        await app.close();
        // passport strategies are process-global: the restored app took over 'jwt'; give it back
        passport.use('jwt', src.app.get(JwtStrategy));
      }
    } finally {
      await target.drop();
    }

    // the CLI's verify: a scratch restore that matches, and no scratch database left behind
    const out: string[] = [];
    const verifyStarted = Date.now();
    const spy = jest.spyOn(console, 'log').mockImplementation((l: string) => void out.push(l));
    try {
      expect(await runCli(['backup:verify', result.dir], config)).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.at(-1)).toMatch(/^verify ok: .*audit chain intact/);
    // each phase's wall time is printed
    expect(out.filter((l) => /^phase .*: \d+\.\d s$/.test(l)).length).toBeGreaterThanOrEqual(5);
    // scratch databases are named crm_verify_<Date.now()>_…: only this verify's count (the cluster
    // is shared with other suites, whose verifies may be running or may have been killed)
    const scratch = (
      await dbRows<{ datname: string }>(
        TEST_SERVER_URL,
        `SELECT datname FROM pg_database WHERE datname LIKE 'crm_verify_%'`,
      )
    ).filter((d) => Number(/^crm_verify_(\d+)_/.exec(d.datname)?.[1] ?? 0) >= verifyStarted);
    expect(scratch).toEqual([]);
  }, 240_000);

  it('keeps personal data out of every backup file when the artefacts are searched for it in clear', async () => {
    const r = await createBackup({
      config,
      storage: storageAt(config.dataDir),
      database: { kind: 'postgres', url: src.db.url },
    });
    const bytes = backupBytes(r.dir);
    expect(bytes.length).toBeGreaterThan(10_000);
    for (const s of seeded) {
      for (const needle of [s.passport, s.phone, s.email, s.name, 'passport-scan-0.pdf']) {
        expect(bytes.includes(Buffer.from(needle))).toBe(false);
      }
    }
    // the same search finds them in what pg_dump writes without encryption (the check can see)
    expect(readFileSync(join(r.dir, 'manifest.json'), 'utf8')).not.toMatch(/@|passport-scan/);
  }, 120_000);

  it('fails restore and verify before writing anything when one byte of an artefact is changed', async () => {
    const good = await createBackup({
      config,
      storage: storageAt(config.dataDir),
      database: { kind: 'postgres', url: src.db.url },
    });
    for (const artefact of ['database.dump.age', 'objects.tar.age']) {
      const bad = newDir('tampered');
      cpSync(good.dir, bad, { recursive: true });
      const file = join(bad, artefact);
      const bytes = readFileSync(file);
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      writeFileSync(file, bytes);

      const target = await emptyDatabase('tampered');
      const targetData = newDir('tampered-data');
      try {
        const targetStorage = storageAt(targetData);
        await targetStorage.start();
        await expect(
          restoreBackup(
            {
              config: configFor(target.url, { DATA_DIR: targetData }),
              storage: targetStorage,
              database: { kind: 'postgres', url: target.url },
            },
            bad,
          ),
        ).rejects.toThrow(`artefact ${artefact} does not match its checksum`);
        expect(
          await dbRows(target.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`),
        ).toEqual([]);
        expect(await objectDigests(targetStorage)).toEqual({});
        await expect(verifyBackup(config, bad)).rejects.toThrow('does not match its checksum');

        // the CLI says so in its last line and exits non-zero
        const out: string[] = [];
        const log = jest.spyOn(console, 'log').mockImplementation((l: string) => void out.push(l));
        const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
          await expect(
            runCli(['restore', bad], configFor(target.url, { DATA_DIR: targetData })),
          ).rejects.toThrow('does not match its checksum');
        } finally {
          log.mockRestore();
          err.mockRestore();
        }
      } finally {
        await target.drop();
      }
    }
  }, 120_000);

  it('refuses to restore into a database that has tables, or when the key its data is sealed under is not configured', async () => {
    const r = await createBackup({
      config,
      storage: storageAt(config.dataDir),
      database: { kind: 'postgres', url: src.db.url },
    });
    const emptyData = newDir('empty-data');
    await expect(
      restoreBackup(
        { config, storage: storageAt(emptyData), database: { kind: 'postgres', url: src.db.url } },
        r.dir,
      ),
    ).rejects.toThrow(/refusing to restore: the database at DATABASE_URL is not empty/);

    const target = await emptyDatabase('nokey');
    try {
      const otherKey = configFor(target.url, {
        DATA_DIR: emptyData,
        DATA_ENCRYPTION_KEYS: `k9:${Buffer.alloc(32, 3).toString('base64')}`,
      });
      await expect(
        restoreBackup(
          {
            config: otherKey,
            storage: storageAt(emptyData),
            database: { kind: 'postgres', url: target.url },
          },
          r.dir,
        ),
      ).rejects.toThrow(/sealed under key id\(s\) k1 that DATA_ENCRYPTION_KEYS does not contain/);
      expect(await dbRows(target.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual(
        [],
      );

      // a store that already holds files is refused too
      const full = storageAt(newDir('full-data'));
      await full.start();
      await full.put({ key: 'clients/x/y', body: Buffer.from('x'), contentType: 'text/plain' });
      await expect(
        restoreBackup(
          {
            config: configFor(target.url, { DATA_ENCRYPTION_KEYS: `k1:${TEST_KEY}` }),
            storage: full,
            database: { kind: 'postgres', url: target.url },
          },
          r.dir,
        ),
      ).rejects.toThrow(/the object storage is not empty/);
    } finally {
      await target.drop();
    }
  }, 120_000);

  it('restores a consistent state when the backup is taken while services are being added', async () => {
    const writer = (await src.userClient('supervisor')).client;
    const orders = await Promise.all(
      [0, 1, 2].map(() => orderWithTotal(writer, { clientId: seeded[1].clientId })),
    );
    let running = true;
    let added = 0;
    const failures: string[] = [];
    const load = orders.map(async (o, w) => {
      let day = 0;
      while (running) {
        day += 1;
        const at = new Date(Date.UTC(2028, w * 4, 1 + (day % 27), 8)).toISOString();
        const end = new Date(Date.parse(at) + 2 * 3600_000).toISOString();
        const r = await writer.POST('/api/v1/orders/{id}/services', {
          params: { path: { id: o.id } },
          body: flight({ startAt: at, endAt: end, price: `${1000 + day}.00`, force: true }) as never,
        });
        if (r.response.status === 201) added += 1;
        else failures.push(`${r.response.status} ${JSON.stringify(r.error)}`);
      }
    });
    await eventually(async () => {
      if (failures.length > 0) throw new Error(failures[0]);
      return added >= 5;
    }, 60_000);
    const r = await createBackup({
      config,
      storage: storageAt(config.dataDir),
      database: { kind: 'postgres', url: src.db.url },
    });
    const addedAtBackupEnd = added;
    running = false;
    await Promise.all(load);
    expect(added).toBeGreaterThan(5);

    const target = await emptyDatabase('underload');
    const targetData = newDir('underload-data');
    try {
      const targetStorage = storageAt(targetData);
      await targetStorage.start();
      await restoreBackup(
        {
          config: configFor(target.url, { DATA_DIR: targetData }),
          storage: targetStorage,
          database: { kind: 'postgres', url: target.url },
        },
        r.dir,
      );
      const mismatched = await dbRows(
        target.url,
        `SELECT o.id FROM orders o LEFT JOIN (SELECT order_id, sum(amount) AS s FROM order_services GROUP BY order_id) t
           ON t.order_id = o.id WHERE o.total_amount <> coalesce(t.s, 0)`,
      );
      expect(mismatched).toEqual([]);
      const [{ n }] = await dbRows<{ n: string }>(
        target.url,
        `SELECT count(*) AS n FROM order_services WHERE order_id = ANY($1::uuid[])`,
        [orders.map((o) => o.id)],
      );
      expect(Number(n)).toBeGreaterThanOrEqual(5);
      expect(Number(n)).toBeLessThanOrEqual(orders.length + addedAtBackupEnd);

      // events committed with the services but not yet delivered are in the restored outbox:
      // an app on the restored data delivers them, and then every service has its audit entry
      const app = await startTestApp({
        db: { name: target.name, url: target.url, drop: async () => undefined },
        env: { DATA_DIR: targetData },
      });
      try {
        await eventually(() => outboxDrained(target.url), 60_000);
        const orphans = await dbRows(
          target.url,
          `SELECT s.id FROM order_services s WHERE NOT EXISTS (
             SELECT 1 FROM audit_log a WHERE a.action = 'orders.service-added' AND a.entity_id::text = s.id::text)`,
        );
        expect(orphans).toEqual([]);
        const verify = await app.admin.GET('/api/v1/audit/verify');
        expect(verify.data).toMatchObject({ ok: true });
      } finally {
        await app.close();
      }
    } finally {
      await target.drop();
    }
  }, 240_000);
});
