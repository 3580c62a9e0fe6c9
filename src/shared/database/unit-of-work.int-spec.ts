import { Socket } from 'node:net';
import { DatabaseError } from 'pg';
import { useIntDb } from '../../../test/support/int-db';
import { useRoundTripProxy } from '../../../test/support/round-trip-proxy';
import { pgCode, UNIQUE_VIOLATION } from './pg-errors';
import { MAX_NAMED_ROWS, type UnitOfWork } from './unit-of-work';

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
        (rows) =>
          `INSERT INTO uow_probe (id, note) VALUES ${Array.from({ length: rows }, (_, i) => `($${i + 1}, 'r')`).join(', ')}`,
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

  it('does not report a transaction an error failed as committed, even when the work swallowed the error', async () => {
    const { uow } = db();
    const err = await uow
      .run(async () => {
        await uow.prepared('uow-spec.insert', `INSERT INTO uow_probe (id, note) VALUES ($1, $2)`, [
          70,
          'kept?',
        ]);
        await uow.sql(`SELECT 1 / 0`).catch(() => undefined);
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/rolled back \(ROLLBACK\)/);
    expect(await db().q(`SELECT id FROM uow_probe WHERE id = 70`)).toEqual([]);
  });

  describe('writes sent without waiting (write, writeForRows)', () => {
    const insert = `INSERT INTO uow_probe (id, note) VALUES ($1, $2)`;

    it('commits them with the transaction, and outside one simply runs them', async () => {
      const { uow } = db();
      await uow.run(async () => {
        await uow.write('uow-spec.write', insert, [30, 'w']);
        await uow.writeForRows('uow-spec.write-rows', 2, () => `${insert}, ($3, $4)`, [31, 'w', 32, 'w']);
      });
      await uow.write('uow-spec.write', insert, [33, 'w']);
      await uow.writeForRows('uow-spec.write-rows', 2, () => `${insert}, ($3, $4)`, [34, 'w', 35, 'w']);
      expect(await db().q(`SELECT id FROM uow_probe WHERE note = 'w' ORDER BY id`)).toEqual(
        [30, 31, 32, 33, 34, 35].map((id) => ({ id })),
      );
    });

    it('a failed write fails the transaction with its own error, not with the next statement refused after it', async () => {
      const { uow } = db();
      await db().q(`INSERT INTO uow_probe (id, note) VALUES (40, 'taken')`);
      const err = await uow
        .run(async () => {
          await uow.prepared('uow-spec.insert', insert, [41, 'x']);
          await uow.write('uow-spec.write', insert, [40, 'again']); // a duplicate key
          // refused by PostgreSQL (25P02: the transaction has failed) — the caller gets the duplicate
          await uow.prepared('uow-spec.insert', insert, [42, 'x']);
        })
        .catch((e: unknown) => e);
      expect(pgCode(err)).toBe(UNIQUE_VIOLATION);
      expect(await db().q(`SELECT id FROM uow_probe WHERE id IN (41, 42)`)).toEqual([]);
    });

    it('a failed last write fails the COMMIT: nothing of the transaction is kept', async () => {
      const { uow } = db();
      const err = await uow
        .run(async () => {
          await uow.prepared('uow-spec.insert', insert, [50, 'y']);
          await uow.write('uow-spec.write', insert, [50, 'duplicate']);
          return 'the work itself succeeded';
        })
        .catch((e: unknown) => e);
      expect(pgCode(err)).toBe(UNIQUE_VIOLATION);
      expect(await db().q(`SELECT id FROM uow_probe WHERE id = 50`)).toEqual([]);
      // the connection went back to the pool usable, outside any transaction
      expect(await uow.rows(`SELECT txid_current_if_assigned() AS tx`)).toEqual([{ tx: null }]);
    });

    it('check: a check that fails, fails the transaction with the error the caller made of it', async () => {
      const { uow } = db();
      // a write that raises unless it finds its row: a version check's shape
      const checked = `WITH hit AS (UPDATE uow_probe SET note = 'checked' WHERE id = $1 RETURNING 1)
        SELECT 1 / (SELECT count(*) FROM hit)::int AS one`;
      const mine = (err: unknown) => (pgCode(err) === '22012' ? new Error('row 71 moved on') : err);
      await db().q(`INSERT INTO uow_probe (id, note) VALUES (70, 'c')`);
      await uow.run(async () => {
        await uow.write('uow-spec.write', insert, [72, 'c']);
        await uow.check('uow-spec.check', checked, [70], mine);
      });
      const err = await uow
        .run(async () => {
          await uow.write('uow-spec.write', insert, [73, 'c']);
          await uow.check('uow-spec.check', checked, [71], mine);
          return 'the work itself succeeded';
        })
        .catch((e: unknown) => e);
      expect(err).toEqual(new Error('row 71 moved on'));
      expect(await db().q(`SELECT id, note FROM uow_probe WHERE id >= 70 AND id < 80 ORDER BY id`)).toEqual([
        { id: 70, note: 'checked' },
        { id: 72, note: 'c' },
      ]);
      // outside a transaction the call itself fails with it
      await expect(uow.check('uow-spec.check', checked, [71], mine)).rejects.toThrow('row 71 moved on');
    });

    it('runs the after-commit hooks only once the writes are committed', async () => {
      const { uow } = db();
      const seen: unknown[] = [];
      await uow.run(async () => {
        await uow.write('uow-spec.write', insert, [60, 'z']);
        uow.afterCommit(
          () =>
            void db()
              .q(`SELECT 1`)
              .then(() => seen.push('hook')),
        );
      });
      expect(await db().q(`SELECT id FROM uow_probe WHERE id = 60`)).toEqual([{ id: 60 }]);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual(['hook']);
      const failed = await uow
        .run(async () => {
          await uow.write('uow-spec.write', insert, [60, 'dup']);
          uow.afterCommit(() => seen.push('must not run'));
        })
        .catch((e: unknown) => e);
      expect(pgCode(failed)).toBe(UNIQUE_VIOLATION);
      expect(seen).toEqual(['hook']);
    });
  });

  describe('round trips to PostgreSQL (a counting proxy in front of the server)', () => {
    const { proxy, unitOfWork: through } = useRoundTripProxy(db);
    /** A command's shape: lock and read, read, then three writes and the commit. */
    const command = (uow: UnitOfWork, id: number) =>
      uow.run(async () => {
        const [locked] = await Promise.all([
          uow.rows(`SELECT id FROM uow_probe WHERE id = $1 FOR UPDATE`, [id]),
          uow.rows(`SELECT count(*) FROM uow_probe`),
        ]);
        expect(locked).toEqual([]);
        await uow.write('uow-spec.write', `INSERT INTO uow_probe (id, note) VALUES ($1, 'rt')`, [id]);
        await uow.write('uow-spec.write', `INSERT INTO uow_probe (id, note) VALUES ($1, 'rt')`, [id + 1]);
        await uow.write('uow-spec.write', `INSERT INTO uow_probe (id, note) VALUES ($1, 'rt')`, [id + 2]);
      });

    /** Round trips of the command's second run (the first opens the connection and prepares the statements). */
    async function roundTripsOf(pipelined: boolean, id: number): Promise<number> {
      const uow = await through(pipelined);
      await command(uow, id);
      proxy().reset();
      await command(uow, id + 100);
      return proxy().roundTrips();
    }
    const written = () => db().q(`SELECT count(*)::int AS n FROM uow_probe WHERE note = 'rt'`);

    it('pipelined: BEGIN goes with the first statements and the writes with the COMMIT — 2 round trips', async () => {
      expect(await roundTripsOf(true, 100)).toBe(2);
      expect(await written()).toEqual([{ n: 6 }]);
    });

    it('without pipelining the same statements run one after another, each its own round trip', async () => {
      // BEGIN, the two reads, the three writes, COMMIT
      expect(await roundTripsOf(false, 300)).toBe(7);
      expect(await written()).toEqual([{ n: 12 }]);
    });

    it('pipelined: the statements of a round trip leave in one socket write, not one each', async () => {
      const uow = await through(true);
      await command(uow, 500);
      const writes = jest.spyOn(
        Socket.prototype as unknown as { _writeGeneric: () => void },
        '_writeGeneric',
      );
      try {
        await command(uow, 600);
        const toProxy = writes.mock.contexts.filter((s) => (s as Socket).remotePort === proxy().port).length;
        // BEGIN with the two reads; the three writes with the COMMIT (7 statements)
        expect(toProxy).toBe(2);
      } finally {
        writes.mockRestore();
      }
    });
  });
});

describe('UnitOfWork.sharedRows on PostgreSQL (a pool of 5: one shared read lane)', () => {
  const db = useIntDb(5);
  const pid = `SELECT pg_backend_pid() AS pid`;

  beforeAll(async () => {
    await db().q(`CREATE TABLE lane_probe (id integer PRIMARY KEY)`);
  });

  it('reads on the lane outside a transaction: concurrent reads share its one connection', async () => {
    const { uow } = db();
    const rows = await Promise.all(
      Array.from({ length: 10 }, () => uow.sharedRows<{ pid: number }>('uow-spec.lane-pid', pid, [])),
    );
    expect(new Set(rows.map(([r]) => r.pid)).size).toBe(1);
    // not a connection of the pool's: a transaction meanwhile runs on another one
    await uow.run(async () => {
      const [inTx] = await uow.preparedRows<{ pid: number }>('uow-spec.lane-pid', pid, []);
      expect(inTx.pid).not.toBe(rows[0][0].pid);
    });
  });

  it("reads on the transaction's connection inside one, and sees its uncommitted writes", async () => {
    const { uow } = db();
    await uow.run(async () => {
      await uow.prepared('uow-spec.lane-insert', `INSERT INTO lane_probe (id) VALUES ($1)`, [7]);
      const seen = await uow.sharedRows('uow-spec.lane-read', `SELECT id FROM lane_probe WHERE id = $1`, [7]);
      expect(seen).toEqual([{ id: 7 }]);
    });
  });

  it('committedRows reads on the lane even inside a transaction: what is committed, not its own writes', async () => {
    const { uow } = db();
    const [lane] = await uow.sharedRows<{ pid: number }>('uow-spec.lane-pid', pid, []);
    await db().q(`INSERT INTO lane_probe (id) VALUES (8)`);
    await uow.run(async () => {
      await uow.prepared('uow-spec.lane-insert', `INSERT INTO lane_probe (id) VALUES ($1)`, [9]);
      const [inTx] = await uow.preparedRows<{ pid: number }>('uow-spec.lane-pid', pid, []);
      const [onLane] = await uow.committedRows<{ pid: number }>('uow-spec.lane-pid', pid, []);
      expect(onLane.pid).toBe(lane.pid);
      expect(onLane.pid).not.toBe(inTx.pid);
      const read = `SELECT id FROM lane_probe WHERE id = ANY($1::int[]) ORDER BY id`;
      expect(await uow.committedRows('uow-spec.lane-ids', read, [[8, 9]])).toEqual([{ id: 8 }]);
      expect(await uow.preparedRows('uow-spec.lane-ids', read, [[8, 9]])).toEqual([{ id: 8 }, { id: 9 }]);
    });
  });
});
