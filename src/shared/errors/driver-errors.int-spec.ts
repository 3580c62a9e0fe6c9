import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { TEST_SERVER_URL } from '../../../test/support/database';
import { movedTo, pgCode, VERSION_MOVED } from '../database/pg-errors';
import { driverDataProblem } from './driver-errors';
import { toProblem } from './problem-details.filter';

/** Real errors from a real PostgreSQL, raised by the bare `pg` driver as `UnitOfWork.sql` outside a transaction sees them. */
describe('driverDataProblem maps PostgreSQL data errors to client errors', () => {
  let c: Client;
  beforeAll(async () => {
    c = new Client({ connectionString: TEST_SERVER_URL });
    await c.connect();
    await c.query(`CREATE TEMP TABLE drv_parent (id int PRIMARY KEY)`);
    await c.query(
      `CREATE TEMP TABLE drv_t (role text NOT NULL, n int CHECK (n > 0), code varchar(3) UNIQUE,
        parent_id int REFERENCES drv_parent(id))`,
    );
    await c.query(`INSERT INTO drv_parent VALUES (1)`);
    await c.query(`INSERT INTO drv_t VALUES ('a', 1, 'abc', 1)`);
  });
  afterAll(() => c.end());

  async function failure(sql: string, params: unknown[] = []): Promise<unknown> {
    try {
      await c.query(sql, params);
    } catch (err) {
      return err;
    }
    throw new Error(`expected ${sql} to fail`);
  }

  it.each([
    ['an int out of range', 'SELECT $1::int', ['2147483648'], 422],
    ['a malformed uuid', 'SELECT $1::uuid', ['nope'], 422],
    ['a malformed date', 'SELECT $1::date', ['2026-02-30'], 422],
    ['a zero date', 'SELECT $1::date', ['0000-00-00'], 422],
    ['a timestamp out of range', 'SELECT $1::timestamptz', ['+275760-09-13T00:00:00Z'], 422],
    ['a malformed number', 'SELECT $1::numeric', ['12,5'], 422],
    ['a not-null violation', `UPDATE drv_t SET role = $1`, [null], 422],
    ['a check violation', `UPDATE drv_t SET n = $1`, [0], 422],
    ['a value too long', `UPDATE drv_t SET code = $1`, ['abcd'], 422],
    ['a reference to nothing', `UPDATE drv_t SET parent_id = $1`, [2], 422],
    ['a parent still referenced', `DELETE FROM drv_parent`, [], 409],
    ['a duplicate', `INSERT INTO drv_t VALUES ('b', 2, 'abc', 1)`, [], 409],
  ])('answers %s with %s when the driver raises it', async (_name, sql, params, status) => {
    const err = await failure(sql as string, params as unknown[]);
    const p = toProblem(err);
    expect(p.status).toBe(status);
    expect(p.detail).not.toContain(String((params as unknown[])[0] ?? 'no-param'));
  });

  it('names the not-null column as a camelCase field when a NOT NULL column gets null', async () => {
    await c.query(`CREATE TEMP TABLE drv_u (full_name text NOT NULL)`);
    const p = driverDataProblem(await failure(`INSERT INTO drv_u VALUES ($1)`, [null]));
    expect(p).toMatchObject({ status: 422, errors: [{ field: 'fullName' }] });
  });

  it('maps the same error wrapped by TypeORM as when it comes bare', async () => {
    const bare = await failure('SELECT $1::int', ['99999999999']);
    const wrapped = new QueryFailedError('SELECT $1::int', ['99999999999'], bare as Error);
    expect(driverDataProblem(wrapped)?.status).toBe(422);
  });

  it('answers a checked write whose row moved on (SQLSTATE CR409, expect_updated) with 409 VERSION_CONFLICT', async () => {
    const err = await failure(
      `DO $$ BEGIN RAISE EXCEPTION 'orders x was changed' USING ERRCODE = 'CR409', DETAIL = '7'; END $$`,
    );
    expect(pgCode(err)).toBe(VERSION_MOVED);
    expect(movedTo(err)).toBe(7);
    expect(driverDataProblem(err)).toMatchObject({ status: 409, code: 'COMMON.VERSION_CONFLICT' });
    expect(movedTo(new Error('not a database error'))).toBeNull();
  });

  it('leaves errors that are not data errors alone when the connection or server fails', async () => {
    const err = await failure('SELECT pg_terminate_backend(-1) FROM no_such_table');
    expect(driverDataProblem(err)).toBeUndefined();
    expect(driverDataProblem(new Error('connection terminated'))).toBeUndefined();
  });
});
