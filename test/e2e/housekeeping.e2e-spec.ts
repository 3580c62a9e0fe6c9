import { Client } from 'pg';
import { HousekeepingService } from '../../src/shared/maintenance/housekeeping.service';
import { RateLimiter } from '../../src/shared/rate-limit/rate-limiter';
import { startTestApp, type TestApp } from '../support/test-app';

describe('housekeeping and rate limits (e2e)', () => {
  let t: TestApp;
  let pg: Client;

  beforeAll(async () => {
    t = await startTestApp();
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('deletes only expired bookkeeping rows, on one replica at a time', async () => {
    await pg.query(
      `INSERT INTO login_attempts (account_key, ip, success, at) VALUES ('old', '1.1.1.1', false, now() - interval '30 days'), ('new', '1.1.1.1', false, now())`,
    );
    await pg.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ('s', 'old', 'h', now() - interval '8 days'), ('s', 'new', 'h', now())`,
    );
    await pg.query(
      `INSERT INTO rate_limits (bucket, key, window_start, hits) VALUES ('b', 'old', now() - interval '2 days', 1), ('b', 'new', now(), 1)`,
    );
    const service = t.app.get(HousekeepingService);
    // another replica holding the round: this one skips
    await pg.query('BEGIN');
    await pg.query(`SELECT pg_advisory_xact_lock(hashtext('crm.housekeeping'))`);
    expect(await service.runOnce()).toBeNull();
    await pg.query('COMMIT');
    const deleted = await service.runOnce();
    expect(deleted).toMatchObject({ loginAttempts: 1, idempotencyKeys: 1, rateLimits: 1 });
    const left = await pg.query(`SELECT
      (SELECT count(*) FROM login_attempts WHERE account_key = 'new') AS a,
      (SELECT count(*) FROM idempotency_keys WHERE key = 'new') AS b,
      (SELECT count(*) FROM rate_limits WHERE key = 'new') AS c`);
    expect(left.rows[0]).toEqual({ a: '1', b: '1', c: '1' });
  });

  it('counts hits per window across callers and answers 429 with Retry-After past the limit', async () => {
    const limiter = t.app.get(RateLimiter);
    const results = await Promise.all(
      Array.from({ length: 7 }, () => limiter.hit('test', 'ip:10.0.0.1', 5, 60)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(Math.max(...results.map((r) => r.hits))).toBe(7);
    await expect(limiter.consume('test', 'ip:10.0.0.1', 5, 60)).rejects.toMatchObject({
      code: 'COMMON.RATE_LIMITED',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect((await limiter.hit('test', 'ip:10.0.0.2', 5, 60)).allowed).toBe(true);
  });
});
