import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { eventually } from '../../../../test/support/test-app';
import type { AppConfig } from '../../../config/app-config';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { UserAccess } from '../application/queries/get-user-access/get-user-access.query';
import { PgNotifyUserAccessCache } from './pg-notify-user-access.cache';

/**
 * The user access cache against real PostgreSQL through the real migrations: the `users` trigger's
 * notifications invalidate it, a read racing an invalidation is not kept, and the listening
 * connection comes back after being cut.
 */
describe('PgNotifyUserAccessCache (integration)', () => {
  let db: TestDatabase;
  let sql: Client;
  let cache: PgNotifyUserAccessCache;
  let loads = 0;

  const read = async (id: string): Promise<UserAccess | null> => {
    loads += 1;
    const r = await sql.query<UserAccess>(
      `SELECT id, role, active FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return r.rows[0] ?? null;
  };

  const newUser = async (): Promise<string> => {
    const id = uuidv7();
    await sql.query(
      `INSERT INTO users (id, email, full_name, role, password_hash) VALUES ($1, $2, 'Cache Probe', 'operator', 'x')`,
      [id, `cache.${id}@test.agency`],
    );
    return id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    cache = new PgNotifyUserAccessCache({ databaseUrl: db.url } as AppConfig);
    await cache.onApplicationBootstrap();
  });
  afterAll(async () => {
    await cache.onApplicationShutdown();
    await sql.end();
    await db.drop();
  });

  it('answers from memory until the user row changes, then reads the new row (trigger → NOTIFY)', async () => {
    expect(cache.isListening).toBe(true);
    const id = await newUser();
    expect(await cache.get(id, () => read(id))).toMatchObject({ role: 'operator', active: true });
    // (the INSERT's own notification may still drop the first entry) a read served from memory:
    await eventually(async () => {
      const before = loads;
      await cache.get(id, () => read(id));
      return loads === before;
    }, 2_000);
    await sql.query(`UPDATE users SET role = 'supervisor', active = false WHERE id = $1`, [id]);
    const seen = await eventually(async () => {
      const v = await cache.get(id, () => read(id));
      return v?.role === 'supervisor' ? v : null;
    }, 1_000);
    expect(seen.active).toBe(false);
    // a soft-deleted user is not found any more
    await sql.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [id]);
    await eventually(async () => (await cache.get(id, () => read(id))) === null, 1_000);
  });

  it('keeps staff names (deleted users too) until the user row changes, and remembers unknown ids', async () => {
    let nameLoads = 0;
    const readNames = async (missing: string[]) => {
      nameLoads += 1;
      const r = await sql.query<{ id: string; full_name: string }>(
        `SELECT id, full_name FROM users WHERE id = ANY($1::uuid[])`,
        [missing],
      );
      return new Map(r.rows.map((x) => [x.id, x.full_name]));
    };
    const id = await newUser();
    const unknown = uuidv7();
    const first = await cache.names([id, unknown], readNames);
    expect([...first]).toEqual([[id, 'Cache Probe']]);
    await eventually(async () => {
      const before = nameLoads;
      const again = await cache.names([id, unknown], readNames);
      return nameLoads === before && again.get(id) === 'Cache Probe' && !again.has(unknown);
    }, 2_000);
    await sql.query(`UPDATE users SET full_name = 'Renamed Probe', deleted_at = now() WHERE id = $1`, [id]);
    await eventually(async () => (await cache.names([id], readNames)).get(id) === 'Renamed Probe', 1_000);
  });

  it('does not keep a read that an invalidation overtook', async () => {
    const id = await newUser();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const pending = cache.get(id, async () => {
      const v = await read(id);
      await gate; // the row was read before the change below committed
      return v;
    });
    await sql.query(`UPDATE users SET role = 'accountant' WHERE id = $1`, [id]);
    cache.invalidate(id);
    release();
    expect((await pending)?.role).toBe('operator');
    loads = 0;
    expect((await cache.get(id, () => read(id)))?.role).toBe('accountant');
    expect(loads).toBe(1);
  });

  it('listens again after its connection is cut, keeping entries 1 s meanwhile', async () => {
    const id = await newUser();
    await cache.get(id, () => read(id));
    const listener = async (): Promise<number | undefined> =>
      (
        await sql.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'travel-crm-listen' AND datname = current_database()`,
        )
      ).rows[0]?.pid;
    const before = await listener();
    expect(before).toBeDefined();
    await sql.query(`SELECT pg_terminate_backend($1)`, [before]);
    // a new listening connection, and the cache knows it listens again
    await eventually(async () => {
      const now = await listener();
      return now !== undefined && now !== before && cache.isListening;
    }, 10_000);
    // notifications flow again
    await cache.get(id, () => read(id));
    await sql.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [id]);
    await eventually(async () => (await cache.get(id, () => read(id)))?.role === 'admin', 1_000);
  });
});
