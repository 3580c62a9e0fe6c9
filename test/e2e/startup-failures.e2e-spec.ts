import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, unlockDataDir } from '../../src/shared/database/embedded-postgres';
import { type AppProcess, spawnApp } from '../support/app-process';
import { freePort } from '../support/private-postgres';
import { testEnv } from '../support/test-app';

/** Start-up failures told in one line (issue 11, items 7 and 8). */
describe('start-up failures (e2e, real processes)', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'crm-startup-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function lines(text: string): string[] {
    return text.split('\n').filter((l) => l.trim() !== '');
  }

  // both processes start at once (loading the app takes a while on a busy machine)
  let closedPort: number;
  let unreachable: AppProcess;
  let second: AppProcess;
  const lockedDir = tempDir();
  beforeAll(async () => {
    closedPort = await freePort();
    unreachable = spawnApp(
      testEnv(`postgres://crm:s3cret-pw@127.0.0.1:${closedPort}/crm`, { PORT: '0', DATA_DIR: tempDir() }),
    );
    lockDataDir(lockedDir); // this test process plays the first `npm start`
    const env: Record<string, string | undefined> = testEnv('', { PORT: '0', DATA_DIR: lockedDir });
    delete env.DATABASE_URL;
    second = spawnApp(env);
  });
  afterAll(() => unlockDataDir(lockedDir));

  it('exits 1 with one line naming DATABASE_URL and the reason when the database cannot be reached', async () => {
    const app = unreachable;
    const port = closedPort;
    expect(await app.exited).toBe(1);
    const out = lines(app.output());
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('DATABASE_URL');
    expect(out[0]).toContain(`127.0.0.1:${port}`);
    expect(out[0]).toMatch(/ECONNREFUSED/);
    expect(out[0]).not.toContain('s3cret-pw');
  }, 120_000);

  it('exits 1 with one line naming the lock when another live process holds the embedded database of DATA_DIR', async () => {
    expect(await second.exited).toBe(1);
    const out = lines(second.output());
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(`DATA_DIR ${lockedDir} is in use by another process (pid ${process.pid}`);
    expect(out[0]).not.toMatch(/EADDRINUSE|address in use/i);
  }, 120_000);

  it('takes over a stale lock when the process that held DATA_DIR is gone', async () => {
    const dataDir = tempDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dataDir, 'embedded-postgres.lock'), `${deadPid}\n`);
    lockDataDir(dataDir);
    try {
      expect(readFileSync(join(dataDir, 'embedded-postgres.lock'), 'utf8').trim()).toBe(String(process.pid));
      expect(statSync(join(dataDir, 'embedded-postgres.lock')).mode & 0o077).toBe(0);
    } finally {
      unlockDataDir(dataDir);
    }
  });
});
