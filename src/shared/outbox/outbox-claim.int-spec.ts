import { useIntDb } from '../../../test/support/int-db';
import { uuidv7 } from '../domain/uuid';

/**
 * The claim functions of migrations 1764200000001, 1764210000001 and 1764220000001 (PL/pgSQL), planned as
 * PostgreSQL runs them: their own statement (from `pg_proc`) under their own settings
 * (`proconfig`), on an outbox where delivered rows sit in front of the pending ones. A bitmap scan
 * would visit the heap for every dead entry of the pending index on every claim until VACUUM; an
 * index scan marks those entries and skips them afterwards.
 */
describe('outbox claim functions (integration, their plans on the migrated schema)', () => {
  const db = useIntDb();

  beforeAll(async () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    await db().q(
      `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role, payload)
       SELECT id, 'tests.claim-planned', 'test', NULL, 1, now(), 'system', '{}' FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    await db().q(`UPDATE outbox SET status = 'delivered', delivered_at = now() WHERE id = ANY($1::uuid[])`, [
      ids.slice(0, 19_700),
    ]);
    await db().q(`ANALYZE outbox`);
  });

  /**
   * The plans of function `fn`'s statement (its PL/pgSQL body's `RETURN QUERY`) under its own
   * settings, as a session keeps them: custom (planned for `args`) and generic (planned once for
   * any arguments, what PL/pgSQL runs after a few calls).
   */
  async function plansOf(fn: string, args: string[]): Promise<{ plans: string[]; config: string[] }> {
    const [{ body, config, types, names }] = await db().q<{
      body: string;
      config: string[] | null;
      types: string[];
      names: string[];
    }>(
      `SELECT prosrc AS body, proconfig AS config, proargnames AS names,
              ARRAY(SELECT format_type(t, NULL) FROM unnest(proargtypes) AS t) AS types
         FROM pg_proc WHERE proname = $1`,
      [fn],
    );
    const statement = /RETURN QUERY([\s\S]*);\s*END/.exec(body)?.[1];
    if (!statement) throw new Error(`${fn} has no RETURN QUERY statement`);
    let sql = statement;
    names.forEach((name, i) => (sql = sql.replace(new RegExp(`\\b${name}\\b`, 'g'), `$${i + 1}`)));
    const plans = await db().tx(async () => {
      for (const setting of config ?? []) {
        const [key, value] = setting.split('=');
        await db().uow.sql(`SELECT set_config($1, $2, true)`, [key, value]);
      }
      await db().uow.sql(`PREPARE claim_plan(${types.join(', ')}) AS ${sql}`);
      const out: string[] = [];
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await db().uow.sql(`SELECT set_config('plan_cache_mode', $1, true)`, [mode]);
        const plan = await db().uow.rows(`EXPLAIN (FORMAT JSON) EXECUTE claim_plan(${args.join(', ')})`);
        out.push(JSON.stringify(plan));
      }
      await db().uow.sql(`DEALLOCATE claim_plan`);
      return out;
    });
    return { plans, config: config ?? [] };
  }

  it('claims the next batch by walking the pending index in delivery order', async () => {
    const { plans, config } = await plansOf('outbox_claim_due', ['250', '10']);
    expect(config).toContain('enable_bitmapscan=off');
    expect(plans).toHaveLength(2);
    for (const text of plans) {
      expect(text).toContain('"Index Name":"outbox_pending"');
      expect(text).not.toMatch(/Bitmap|Seq Scan/);
      // the pending index is already in seq order: the claim stops after its batch, no sort of the backlog
      expect(text).not.toContain('"Node Type":"Sort"');
    }
    // planned for its batch (PL/pgSQL plans with the values while a generic plan costs more), the
    // claim looks its rows up one by one; a LANGUAGE sql body was planned for an unknown LIMIT (a
    // tenth of the pending rows) and hash-joined the whole primary key instead: 68 ms a call with
    // 51,000 events pending (bench/database/hot-functions.bench.js)
    expect(plans[0]).toContain('"Node Type":"Nested Loop"');
    expect(plans[0]).not.toContain('"Node Type":"Hash Join"');
  });

  it('claims given ids through the primary key, never a bitmap of the pending index', async () => {
    const [{ id }] = await db().q<{ id: string }>(`SELECT id FROM outbox WHERE status = 'pending' LIMIT 1`);
    const { plans } = await plansOf('outbox_claim_ids', [`ARRAY['${id}']::uuid[]`, '10']);
    expect(plans).toHaveLength(2);
    for (const text of plans) {
      expect(text).toContain('"Index Name":"outbox_pkey"');
      expect(text).not.toMatch(/Bitmap|Seq Scan|outbox_pending/);
    }
  });

  it('claims fresh ids for the after-commit delivery through the primary key too', async () => {
    const [{ id }] = await db().q<{ id: string }>(`SELECT id FROM outbox WHERE status = 'pending' LIMIT 1`);
    const { plans, config } = await plansOf('outbox_deliver_fresh', [`ARRAY['${id}']::uuid[]`]);
    expect(config).toContain('enable_seqscan=off');
    expect(plans).toHaveLength(2);
    for (const text of plans) {
      expect(text).toContain('"Index Name":"outbox_pkey"');
      expect(text).not.toMatch(/Bitmap|Seq Scan|outbox_pending/);
    }
  });

  it('delivers only events no delivery touched, marked in the calling transaction, which other claims skip until it ends', async () => {
    const ids = Array.from({ length: 4 }, () => uuidv7());
    await db().q(
      `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role, payload)
       SELECT id, 'tests.fresh', 'test', NULL, 1, now(), 'system', '{}' FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    // touched before: one failed once, one was leased by a process whose lease ran out
    await db().q(`UPDATE outbox SET attempts = 1 WHERE id = $1`, [ids[2]]);
    await db().q(`UPDATE outbox SET locked_until = now() - interval '1 minute' WHERE id = $1`, [ids[3]]);
    const sorted = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
    const delivering = db().ds.createQueryRunner();
    await delivering.connect();
    try {
      await delivering.startTransaction();
      const fresh = await delivering.query(`SELECT id, status FROM outbox_deliver_fresh($1::uuid[])`, [ids]);
      expect(sorted(fresh)).toEqual([ids[0], ids[1]].sort());
      expect(fresh.every((r: { status: string }) => r.status === 'delivered')).toBe(true);
      // meanwhile: the leased claim takes the two touched ones and skips the two being delivered
      expect(sorted(await db().q(`SELECT id FROM outbox_claim_ids($1::uuid[], 10)`, [ids]))).toEqual(
        [ids[2], ids[3]].sort(),
      );
      expect(await db().q(`SELECT id FROM outbox_deliver_fresh($1::uuid[])`, [ids])).toEqual([]);
      expect(
        await db().q(
          `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
          [ids],
        ),
      ).toEqual([{ n: 4 }]);
      await delivering.rollbackTransaction();
    } finally {
      await delivering.release();
    }
    // rolled back: pending and unleased, fresh again
    expect(sorted(await db().q(`SELECT id FROM outbox_deliver_fresh($1::uuid[])`, [ids]))).toEqual(
      [ids[0], ids[1]].sort(),
    );
    const after = await db().q<{ id: string; status: string; leased: boolean }>(
      `SELECT id, status, locked_until > now() AS leased FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    expect(after).toEqual(
      [...ids].sort().map((id) => ({
        id,
        status: id === ids[0] || id === ids[1] ? 'delivered' : 'pending',
        leased: id === ids[0] || id === ids[1] ? null : true,
      })),
    );
  });

  it('claims the pending rows only, in seq order, and leases them', async () => {
    const rows = await db().q<{ id: string; seq: string; status: string; leased: boolean }>(
      `SELECT id, seq, status, locked_until > now() AS leased FROM outbox_claim_due(50, 10)`,
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.status === 'pending' && r.leased)).toBe(true);
    // the 50 first pending rows in delivery order (RETURNING has no order: the relay sorts them)
    const first = await db().q<{ seq: string }>(
      `SELECT seq::text AS seq FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT 50`,
    );
    const seqs = rows.map((r) => BigInt(r.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(first.map((r) => BigInt(r.seq)));
    // leased rows are not claimed again while the lease runs
    expect(await db().q(`SELECT 1 FROM outbox_claim_ids($1::uuid[], 10)`, [rows.map((r) => r.id)])).toEqual(
      [],
    );
    const again = await db().q<{ seq: string }>(`SELECT seq FROM outbox_claim_due(100, 10)`);
    expect(again).toHaveLength(100);
    expect(again.some((r) => seqs.includes(BigInt(r.seq)))).toBe(false);
  });
});
