import { useIntDb } from '../../../../test/support/int-db';
import type { AppConfig } from '../../../config/app-config';
import { SqlLoginAttempts } from './sql-login-attempts';

const config = { jwt: { refreshSecret: 'int-spec-login-secret' } } as AppConfig;

describe('SqlLoginAttempts on the migrated schema', () => {
  const db = useIntDb();
  const attempts = () => new SqlLoginAttempts(db().uow, config);

  it('stores an HMAC of the e-mail, never the address, keyed case- and space-insensitively', async () => {
    await attempts().record('  Keyed@Example.COM ', '10.0.0.1', false);
    await attempts().record('keyed@example.com', '10.0.0.1', false);
    const rows = await db().q<{ account_key: string }>(
      `SELECT DISTINCT account_key FROM login_attempts WHERE ip = '10.0.0.1'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].account_key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db().q(`SELECT * FROM login_attempts`))).not.toContain('keyed');
  });

  it('counts failures per pair, account and IP inside the window with the time until the oldest leaves it', async () => {
    const email = 'count@example.com';
    await attempts().record(email, '10.0.1.1', false);
    await attempts().record(email, '10.0.1.1', false);
    await attempts().record(email, '10.0.1.2', false);
    await attempts().record('someone-else@example.com', '10.0.1.1', false);
    const c = await attempts().counts(email, '10.0.1.1', 600);
    expect(c.pair.failures).toBe(2);
    expect(c.account.failures).toBe(3);
    expect(c.ip.failures).toBe(3);
    expect(c.knownIp).toBe(false);
    expect(c.pair.oldestExpiresInSeconds).toBeGreaterThan(590);
    expect(c.pair.oldestExpiresInSeconds).toBeLessThanOrEqual(600);
    const none = await attempts().counts('fresh@example.com', '10.9.9.9', 600);
    expect(none).toEqual({
      pair: { failures: 0, oldestExpiresInSeconds: 0 },
      account: { failures: 0, oldestExpiresInSeconds: 0 },
      ip: { failures: 0, oldestExpiresInSeconds: 0 },
      knownIp: false,
    });
  });

  it('resets the pair and account counts after a success, but not the per-IP count; the IP becomes known', async () => {
    const email = 'reset@example.com';
    await attempts().record(email, '10.0.2.1', false);
    await attempts().record(email, '10.0.2.1', false);
    await attempts().record(email, '10.0.2.1', true);
    await attempts().record(email, '10.0.2.1', false);
    const c = await attempts().counts(email, '10.0.2.1', 600);
    expect(c.pair.failures).toBe(1);
    expect(c.account.failures).toBe(1);
    expect(c.ip.failures).toBe(3);
    expect(c.knownIp).toBe(true);
    expect((await attempts().counts(email, '10.0.2.2', 600)).knownIp).toBe(false);
  });

  it('forgets failures older than the window', async () => {
    const email = 'old@example.com';
    await attempts().record(email, '10.0.3.1', false);
    await db().q(`UPDATE login_attempts SET at = now() - interval '20 minutes' WHERE ip = '10.0.3.1'`);
    await attempts().record(email, '10.0.3.1', false);
    const c = await attempts().counts(email, '10.0.3.1', 600);
    expect(c.pair.failures).toBe(1);
    expect(c.ip.failures).toBe(1);
    expect((await attempts().counts(email, '10.0.3.1', 3600)).pair.failures).toBe(2);
  });
});
