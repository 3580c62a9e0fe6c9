import { DatabaseError } from 'pg';
import { useIntDb } from '../../../test/support/int-db';
import { pgCode, UNIQUE_VIOLATION } from './pg-errors';
import { MAX_NAMED_ROWS } from './unit-of-work';

describe('UnitOfWork on PostgreSQL', () => {
  const db = useIntDb();

  beforeAll(async () => {
    await db().q(`CREATE TABLE uow_probe (id integer PRIMARY KEY, note text NOT NULL)`);
  });

  it('runs a named statement on the pool and inside a transaction, on the transaction connection', async () => {
    const { uow } = db();
    const pid = `SELECT pg_backend_pid() AS pid, txid_current_if_assigned() AS tx`;
    expect(await uow.preparedRows('uow-spec.pid', pid, [])).toEqual([{ pid: expect.any(Number), tx: null }]);
    await uow.run(async () => {
      await uow.prepared('uow-spec.insert', `INSERT INTO uow_probe (id, note) VALUES ($1, $2)`, [1, 'a']);
      const [inTx] = await uow.preparedRows<{ pid: number; tx: string | null }>('uow-spec.pid', pid, []);
      const [plain] = await uow.rows<{ pid: number; tx: string | null }>(pid);
      // the named and the plain statement ran on the same connection, in the same transaction
      expect(inTx.tx).not.toBeNull();
      expect(plain).toEqual(inTx);
      const r = await uow.prepared('uow-spec.update', `UPDATE uow_probe SET note = $2 WHERE id = $1`, [
        1,
        'b',
      ]);
      expect(r.rowCount).toBe(1);
    });
    expect(await db().q(`SELECT note FROM uow_probe WHERE id = 1`)).toEqual([{ note: 'b' }]);
  });

  it('names a per-row-count statement only up to MAX_NAMED_ROWS rows', async () => {
    const { uow } = db();
    const insert = (n: number, base: number) =>
      uow.preparedForRows(
        'uow-spec.rows',
        n,
        `INSERT INTO uow_probe (id, note) VALUES ${Array.from({ length: n }, (_, i) => `($${i + 1}, 'r')`).join(', ')}`,
        Array.from({ length: n }, (_, i) => base + i),
      );
    const named = () =>
      uow.rows<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'uow-spec.rows.%'`);
    await uow.run(async () => {
      expect((await insert(2, 10)).rowCount).toBe(2);
      expect((await insert(MAX_NAMED_ROWS + 1, 20)).rowCount).toBe(MAX_NAMED_ROWS + 1);
      // both on the transaction's connection: only the two-row statement was prepared there
      expect(await named()).toEqual([{ name: 'uow-spec.rows.2' }]);
    });
    expect(await db().q(`SELECT count(*)::int AS n FROM uow_probe WHERE note = 'r'`)).toEqual([
      { n: 2 + MAX_NAMED_ROWS + 1 },
    ]);
  });

  it('rolls a failed transaction back whole, and its error keeps the SQLSTATE the problem mapping reads', async () => {
    const { uow } = db();
    const err = await uow
      .run(async () => {
        await uow.prepared('uow-spec.insert', `INSERT INTO uow_probe (id, note) VALUES ($1, $2)`, [2, 'c']);
        await uow.prepared('uow-spec.insert', `INSERT INTO uow_probe (id, note) VALUES ($1, $2)`, [2, 'd']);
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(pgCode(err)).toBe(UNIQUE_VIOLATION);
    expect(await db().q(`SELECT id FROM uow_probe WHERE id = 2`)).toEqual([]);
  });

  it('refuses a statement once the transaction connection is gone, with the message read as "unavailable"', async () => {
    const { uow } = db();
    const err = await uow
      .run(async () => {
        await (uow.manager.queryRunner as { release(): Promise<void> }).release();
        await uow.sql(`SELECT 1`);
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Query runner already released/);
  });
});
