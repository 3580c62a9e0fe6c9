'use strict';
// The ceiling: the same SQL the API runs for GET /orders/{id} and POST /orders/{id}/services,
// issued by a minimal `pg` pool with N concurrent workers for a fixed time — no HTTP, no Nest,
// no JSON mapping, no auth. Figures in the same shape as the autocannon rows.
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { backendsGone, latencyRow, leadInSummary } = require('../lib');

const RAW_CEILING_APPLICATION = 'bench-raw-ceiling';

/**
 * The API's own statement for GET /orders/{id} (taken from the build, so the two never drift: the
 * order, and its services rendered to JSON text by PostgreSQL), sent the same way: as a named
 * prepared statement, parsed and planned once per connection.
 */
function apiGetOrderStatement() {
  const {
    SqlOrderJsonReader,
  } = require('../../dist/modules/orders/infrastructure/persistence/sql-order-json.reader');
  let statement;
  const keep = async (name, text) => {
    statement = { name, text };
    return [];
  };
  const capture = { preparedRows: keep, sharedRows: keep };
  void new SqlOrderJsonReader(capture).read('00000000-0000-0000-0000-000000000000');
  if (!statement) throw new Error('the GET /orders/{id} statement was not captured (npm run build first)');
  return statement;
}
const GET_STATEMENT = apiGetOrderStatement();

/** The GET statement on client (or pool) `c`; resolves with its result (the bare HTTP ceiling answers with the row). */
function getOrder(c, id) {
  return c.query({ ...GET_STATEMENT, values: [id] });
}

/**
 * Marks the ceiling's outbox rows: they are not the app's events (and, stored without a contract
 * version, are costlier to deliver than the app's). Due never (`next_attempt_at = 'infinity'`, the
 * same row and index entries), the idle app's poller leaves them alone while the ceiling runs, and
 * the bench sets them aside afterwards instead of letting the app drain them in the next scenario.
 */
const CEILING_CORRELATION = 'bench-raw-ceiling';

/**
 * The ceiling talks to PostgreSQL the way the app does: pipelined (pg's pipeline mode, the app's
 * DB_PIPELINE default), its statements grouped into the same round trips as the app's unit of work
 * sends them. BENCH_CEILING_SEQUENTIAL=1 (or BENCH_APP_PIPELINE=0, which runs the app with
 * DB_PIPELINE=false) sends each statement after the previous one's answer, as before pipelining.
 */
const SEQUENTIAL = process.env.BENCH_CEILING_SEQUENTIAL === '1' || process.env.BENCH_APP_PIPELINE === '0';

const LOCK_ORDER = `SELECT id, version, total_amount::text AS total, commission::text AS commission, traveller_ids
         FROM orders WHERE id = $1 FOR UPDATE`;
const SERVICES_OF = `SELECT id, type, start_at, end_at, location, destination, traveller_ids, amount::text, commission_amount::text
         FROM order_services WHERE order_id = $1 ORDER BY start_at, id`;
const PAYERS = `SELECT id, full_name, merged_into, pii FROM clients WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`;
const INSERT_SERVICE = `INSERT INTO order_services (id, order_id, type, start_at, end_at, start_time_zone, end_time_zone, location,
                                   traveller_ids, price, currency, rate, commission_kind, commission_value, amount,
                                   commission_amount, details)
       VALUES ($1, $2, 'other', '2027-08-01T10:00:00+03:00', '2027-08-01T11:00:00+03:00', 'Europe/Moscow',
               'Europe/Moscow', '{"city":"Москва","country":"RU","timeZone":"Europe/Moscow"}', $3::uuid[], 1500, 'RUB', 1,
               'percent', 5, 1500, 75, '{}')`;
const UPDATE_ORDER = `UPDATE orders SET total_amount = total_amount + 1500, commission = commission + 75,
              supplier_cost = supplier_cost + 1425, margin = margin + 75, updated_at = now(), version = version + 1
        WHERE id = $1 AND version = $2`;
/** The app's order update: the version check the statement's own (expect_updated raises on 0 rows). */
const UPDATE_ORDER_CHECKED = `WITH updated AS (${UPDATE_ORDER} RETURNING 1)
  SELECT expect_updated((SELECT count(*) FROM updated), 'orders', $1)`;
const APPEND_OUTBOX = `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_user_id,
                           actor_role, correlation_id, payload, next_attempt_at)
       VALUES ($1, 'orders.service-added', 'order', $2, $3, now(), NULL, 'system', '${CEILING_CORRELATION}', $4, 'infinity'),
              ($5, 'orders.totals-recalculated', 'order', $2, $3, now(), NULL, 'system', '${CEILING_CORRELATION}', $6, 'infinity')`;

/**
 * The payloads of the ceiling's two events. Until orders.bench.js hands it the app's own (taken from
 * the outbox after the run's POST warm-up, useEventPayloads), a 47-byte stand-in, while the app's
 * events carry the order's facts, the service and the audit diff (about 1.5 and 0.8 KB of JSON).
 * Storing the same bytes is for fidelity: alternating the two in the ceiling alone measured no
 * difference (656 against 665 req/s, 2026-12-03). BENCH_CEILING_PAYLOAD=small keeps the stand-in.
 */
const STAND_IN_PAYLOAD = JSON.stringify({ diff: { price: { from: null, to: '1500.00' } } });
let eventPayloads = { serviceAdded: STAND_IN_PAYLOAD, totalsRecalculated: STAND_IN_PAYLOAD };

/** The ceiling's event payloads from now on: JSON texts, as the app stored them. */
function useEventPayloads({ serviceAdded, totalsRecalculated }) {
  eventPayloads = { serviceAdded, totalsRecalculated };
}

const outboxValues = (id, version) => [
  randomUUID(),
  id,
  version + 1,
  eventPayloads.serviceAdded,
  randomUUID(),
  eventPayloads.totalsRecalculated,
];

/** The write path's statements: lock, load, passport lookup, insert service, update order, outbox. */
async function addService(c, id, clientId) {
  return SEQUENTIAL ? addServiceSequential(c, id, clientId) : addServicePipelined(c, id, clientId);
}

/** Each statement after the previous one's answer: 8 round trips. */
async function addServiceSequential(c, id, clientId) {
  await c.query('BEGIN');
  try {
    const { rows } = await c.query(LOCK_ORDER, [id]);
    await c.query(SERVICES_OF, [id]);
    await c.query(PAYERS, [[clientId]]);
    await c.query(INSERT_SERVICE, [randomUUID(), id, rows[0].traveller_ids]);
    const r = await c.query(UPDATE_ORDER, [id, rows[0].version]);
    if (r.rowCount !== 1) throw new Error('version conflict');
    await c.query(APPEND_OUTBOX, outboxValues(id, rows[0].version));
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

/**
 * Each round trip's statements leave in one socket write, as the app's unit of work sends them
 * (its per-tick cork, `socket-cork.ts` from the build); pg alone writes each statement's messages
 * on their own. BENCH_CEILING_CORK=0 leaves that to pg (the ceiling before 2026-12-04).
 */
const CORK = process.env.BENCH_CEILING_CORK !== '0';
const { corkUntil } = require('../../dist/shared/database/socket-cork');

/**
 * The app's round trips (its unit of work on a pipelined pool): BEGIN with the lock and the services;
 * the passport lookup; the service, the order (its version checked by the statement) and the outbox
 * with the COMMIT.
 */
async function addServicePipelined(c, id, clientId) {
  const cork = CORK ? corkUntil(c, process.nextTick) : () => undefined;
  cork();
  const begin = c.query('BEGIN');
  const lock = c.query(LOCK_ORDER, [id]);
  const services = c.query(SERVICES_OF, [id]);
  try {
    const [, { rows }] = await Promise.all([begin, lock, services]);
    await c.query(PAYERS, [[clientId]]);
    cork();
    const sent = [
      c.query(INSERT_SERVICE, [randomUUID(), id, rows[0].traveller_ids]),
      c.query(UPDATE_ORDER_CHECKED, [id, rows[0].version]),
      c.query(APPEND_OUTBOX, outboxValues(id, rows[0].version)),
    ];
    const commit = c.query('COMMIT');
    const settled = await Promise.allSettled([...sent, commit]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if ((await commit).command !== 'COMMIT') throw new Error('rolled back');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

/**
 * The ceilings' pool size: BENCH_CEILING_POOL, else the app's DB_POOL_MAX of 20 (the ceilings get
 * the same database connections as the app, and the shared server's max_connections is not exhausted).
 */
function ceilingPoolMax() {
  return Number(process.env.BENCH_CEILING_POOL) || Number(process.env.DB_POOL_MAX) || 20;
}

/** A pool for the ceiling: `connections` workers on at most `poolMax` (default ceilingPoolMax()) connections. */
function ceilingPool(databaseUrl, connections, poolMax = undefined) {
  const max = Math.min(connections, poolMax ?? ceilingPoolMax());
  return new Pool({
    connectionString: databaseUrl,
    max,
    application_name: RAW_CEILING_APPLICATION,
    pipeline: !SEQUENTIAL,
  });
}

/** Closes a ceiling pool, and waits until its connections' server processes have exited. */
async function closeCeilingPool(pool) {
  await pool.end();
  await backendsGone(RAW_CEILING_APPLICATION);
}

/**
 * `connections` concurrent workers for `durationS` seconds on `pool` (left open: the caller may
 * load it again, as the alternating slices of orders.bench.js do); `onLoaded` runs when the load
 * ends. Figures in the same shape as the autocannon rows.
 */
async function rawLoadOn(pool, name, connections, durationS, op, onLoaded = undefined, leadInMs = 0) {
  // timed from before the connection is acquired: with more workers than connections a worker
  // waits for one, as a request to the app waits for the app's pool (autocannon's latency
  // includes that wait; timing only the statements made the ceiling's p99 look 4× better)
  return timedWorkers(
    name,
    connections,
    durationS,
    async () => {
      const c = await pool.connect();
      try {
        await op(c);
      } finally {
        c.release();
      }
    },
    onLoaded,
    leadInMs,
  );
}

/**
 * `connections` workers running `once` over and over for `durationS` seconds, each run timed. With
 * `leadInMs`, they run that much longer first, and the runs started in it are summarised apart
 * (`leadIn`), as lib.js's `load` does for the API's requests.
 */
async function timedWorkers(name, connections, durationS, once, onLoaded = undefined, leadInMs = 0) {
  const latencies = [];
  const lead = [];
  let errors = 0;
  const from = performance.now() + leadInMs;
  const end = from + durationS * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await once();
          (t0 < from ? lead : latencies).push(performance.now() - t0);
        } catch {
          if (t0 >= from) errors += 1;
        }
      }
    }),
  );
  onLoaded?.();
  const s = {
    ...latencyRow(name, connections, durationS, latencies),
    non2xx: 0,
    errors,
    ...(leadInMs > 0 ? { leadIn: leadInSummary(leadInMs, lead) } : {}),
  };
  console.log(JSON.stringify(s));
  return s;
}

/**
 * The GET statement read the way the app reads it since its shared read lanes (informational, not
 * the ceiling): `lanes` connections of a ceiling pool shared by all `connections` workers,
 * pipelined and corked per turn of the event loop (SharedReadLanes, from the build).
 */
async function rawLoadLanes(name, databaseUrl, connections, durationS, lanes, idFor) {
  const { SharedReadLanes } = require('../../dist/shared/database/shared-read-lanes');
  const { Query } = require('pg');
  const pool = ceilingPool(databaseUrl, connections);
  const shared = new SharedReadLanes(pool, lanes);
  const read = (callback) => {
    const q = new Query(GET_STATEMENT.text, [idFor()], callback);
    q.name = GET_STATEMENT.name;
    return q;
  };
  try {
    await timedWorkers(`${name} (warm-up)`, connections, 2, () => shared.run(read));
    return await timedWorkers(name, connections, durationS, () => shared.run(read));
  } finally {
    await shared.close();
    await closeCeilingPool(pool);
  }
}

/**
 * `connections` concurrent workers for `durationS` seconds on a pool of `poolMax` connections
 * (default ceilingPoolMax(), never more than `connections`), opened for this load and closed after
 * it; `onLoaded` runs when the load ends, while the pool's connections are still open (their
 * server processes, and their CPU counters, end with them).
 */
async function rawLoad(
  name,
  databaseUrl,
  connections,
  durationS,
  op,
  poolMax = undefined,
  onLoaded = undefined,
) {
  const pool = ceilingPool(databaseUrl, connections, poolMax);
  try {
    return await rawLoadOn(pool, name, connections, durationS, op, onLoaded);
  } finally {
    // the next measurement starts once these connections' server processes have exited
    await closeCeilingPool(pool);
  }
}

module.exports = {
  rawLoad,
  rawLoadOn,
  rawLoadLanes,
  ceilingPool,
  closeCeilingPool,
  getOrder,
  addService,
  ceilingPoolMax,
  apiGetOrderStatement,
  GET_STATEMENT,
  CEILING_CORRELATION,
  STAND_IN_PAYLOAD,
  useEventPayloads,
  SEQUENTIAL,
};
