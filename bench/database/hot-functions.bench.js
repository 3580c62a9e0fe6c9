'use strict';
// The database functions every delivered batch of events calls, timed per call on one connection as
// the relay's pool runs them, in the same run two ways: as migrated (PL/pgSQL since migration
// 1764210000001: a plan kept for the session) and as they were before it (LANGUAGE sql, planned on
// every call: the migration's down(), run as its own migration would be, and up() again after).
// Current, before, current again, so a drift of the machine shows; VACUUM between them.
//   - outbox_claim_ids of 50 pending ids (the after-commit path) and outbox_claim_due(250) (the
//     poller), each call on rows no call took before, which are then marked delivered, as the
//     relay does; and both on ids with nothing left to claim (what a call costs beyond its rows);
//   - the finance projection's upsert of 1 and of 25 orders that exist (ON CONFLICT DO UPDATE), its
//     statement triggers (the running totals) included, each call on other orders; then the same
//     with the triggers disabled, the floor.
// Every call is its own transaction. Needs `npm run build` first (the migrations come from dist/).
//   npm run build && node bench/database/hot-functions.bench.js
// BENCH_CALLS (default 60, the first 10 untimed).
const { randomUUID } = require('node:crypto');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { ROOT, freshDatabase } = require('../lib');

const CALLS = Number(process.env.BENCH_CALLS || 60);
const WARM = 10;

async function migrate(url) {
  const { createDataSource } = require(join(ROOT, 'dist/shared/database/data-source.factory'));
  const { ENTITIES } = require(join(ROOT, 'dist/app.entities'));
  const ds = createDataSource({ url, poolMax: 2, applicationName: 'bench-functions', entities: ENTITIES });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

async function seed(c) {
  await c.query(
    `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role, payload,
                         status, delivered_at)
     SELECT gen_random_uuid(), 'bench.event', 'bench', NULL, 1, now(), 'system', '{"v":1}',
            CASE WHEN g <= 20000 THEN 'delivered' ELSE 'pending' END, CASE WHEN g <= 20000 THEN now() END
       FROM generate_series(1, 20000 + 3 * ${CALLS} * 300) AS g`,
  );
  const client = randomUUID();
  await c.query(
    `INSERT INTO finance_orders (order_id, number, status, currency, client_id, manager_id, deadline, order_created_at,
                                 total_amount, commission, supplier_cost, order_version, deleted)
     SELECT gen_random_uuid(), '2026-' || lpad(g::text, 6, '0'), 'confirmed', 'RUB', $1::uuid, NULL,
            now() + interval '30 days', now(), 1500 * g, 75 * g, 1400 * g, 1, false
       FROM generate_series(1, 3 * ${CALLS} * 26 + 100) AS g`,
    [client],
  );
  await c.query(`VACUUM ANALYZE outbox`);
  await c.query(`VACUUM ANALYZE finance_orders`);
}

/** The finance projection's statement (SqlFinanceRepository.upsertOrderFacts) for `n` existing orders. */
const UPSERT = `INSERT INTO finance_orders (order_id, number, status, currency, client_id, manager_id, deadline,
                                 order_created_at, total_amount, commission, supplier_cost, order_version, deleted)
     SELECT order_id, number, status, currency, client_id, manager_id, deadline, order_created_at,
            total_amount + 100, commission + 5, supplier_cost, order_version + 1, false
       FROM finance_orders WHERE order_id = ANY($1::uuid[])
     ON CONFLICT (order_id) DO UPDATE SET
       total_amount = EXCLUDED.total_amount, commission = EXCLUDED.commission,
       order_version = EXCLUDED.order_version, updated_at = now()
     WHERE finance_orders.order_version <= EXCLUDED.order_version`;

const upsertName = (n) => `finance upsert, ${n} order${n > 1 ? 's' : ''}`;

/**
 * Times CALLS calls (after WARM untimed): `call(i)` gives the i-th call's statement and parameters,
 * `after(i, rows)` runs untimed after it (the relay's delivered mark).
 */
async function timeCalls(c, name, call, after = async () => undefined) {
  const ms = [];
  for (let i = 0; i < CALLS; i += 1) {
    const [sql, params] = call(i);
    const t0 = process.hrtime.bigint();
    const { rows } = await c.query(sql, params);
    const t = Number(process.hrtime.bigint() - t0) / 1e6;
    await after(i, rows);
    if (i >= WARM) ms.push(t);
  }
  ms.sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return { name, calls: ms.length, mean, p50: ms[ms.length >> 1], p90: ms[Math.floor(ms.length * 0.9)] };
}

const delivered = (c) => async (_i, rows) => {
  await c.query(
    `UPDATE outbox SET status = 'delivered', delivered_at = now(), locked_until = NULL WHERE id = ANY($1)`,
    [rows.map((r) => r.id)],
  );
};

async function measureAll(c, variant, state) {
  const out = [];
  out.push(await timeCalls(c, 'SELECT 1 (the round trip)', () => ['SELECT 1', []]));
  const spent = (
    await c.query(
      `SELECT array_agg(id) AS ids FROM (SELECT id FROM outbox WHERE status = 'delivered' LIMIT 50) x`,
    )
  ).rows[0].ids;
  out.push(
    await timeCalls(c, 'outbox_claim_ids, 50 ids already delivered', () => [
      'SELECT id FROM outbox_claim_ids($1::uuid[], 10)',
      [spent],
    ]),
  );
  // from the end of the queue: the poller's claims below take it from the front
  const pendingIds = (
    await c.query(`SELECT id FROM outbox WHERE status = 'pending' ORDER BY seq DESC LIMIT $1`, [CALLS * 50])
  ).rows.map((r) => r.id);
  out.push(
    await timeCalls(
      c,
      'outbox_claim_ids, 50 pending ids',
      (i) => ['SELECT id FROM outbox_claim_ids($1::uuid[], 10)', [pendingIds.slice(i * 50, i * 50 + 50)]],
      delivered(c),
    ),
  );
  out.push(
    await timeCalls(
      c,
      'outbox_claim_due(250)',
      () => ['SELECT id FROM outbox_claim_due(250, 10)', []],
      delivered(c),
    ),
  );
  for (const n of [1, 25]) {
    out.push(await timeCalls(c, upsertName(n), () => [UPSERT, [state.orders.splice(0, n)]]));
  }
  return out.map((r) => ({ variant, ...r }));
}

/** Migration 1764210000001's down() or up(), committed (the bench database is scratch). */
async function migration(c, direction) {
  const file = readdirSync(join(ROOT, 'dist/migrations')).find((f) => f.startsWith('1764210000001-'));
  const Migration = Object.values(require(join(ROOT, 'dist/migrations', file)))[0];
  await new Migration()[direction]({ query: (sql) => c.query(sql) });
}

async function main() {
  const url = await freshDatabase('crm_bench_functions');
  await migrate(url);
  const c = new Client({ connectionString: url, application_name: 'bench-functions' });
  await c.connect();
  const results = [];
  try {
    await seed(c);
    const state = {
      orders: (await c.query(`SELECT order_id FROM finance_orders ORDER BY order_id`)).rows.map(
        (r) => r.order_id,
      ),
    };
    for (const variant of ['PL/pgSQL (migrated)', 'LANGUAGE sql (before)', 'PL/pgSQL (migrated, again)']) {
      if (variant.startsWith('LANGUAGE sql')) await migration(c, 'down');
      results.push(...(await measureAll(c, variant, state)));
      if (variant.startsWith('LANGUAGE sql')) await migration(c, 'up');
      await c.query('VACUUM outbox, finance_orders, finance_client_totals, finance_debt_totals');
    }
    await c.query('ALTER TABLE finance_orders DISABLE TRIGGER USER');
    for (const n of [1, 25])
      results.push({
        variant: 'no totals triggers (the floor)',
        ...(await timeCalls(c, upsertName(n), () => [UPSERT, [state.orders.splice(0, n)]])),
      });
    await c.query('ALTER TABLE finance_orders ENABLE TRIGGER USER');
  } finally {
    await c.end();
  }
  const f = (x) => x.toFixed(3);
  console.log(`\n| call | variant | calls | mean ms | p50 ms | p90 ms |\n|---|---|---|---|---|---|`);
  for (const r of results.sort((a, b) => a.name.localeCompare(b.name)))
    console.log(`| ${r.name} | ${r.variant} | ${r.calls} | ${f(r.mean)} | ${f(r.p50)} | ${f(r.p90)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
