'use strict';
// Finance reports on 100k orders, 1M services, 300k payments (seeded in SQL by seed.sql):
// GET /api/v1/reports/debts and /reports/clients under autocannon, p95 from every response time,
// then EXPLAIN ANALYZE of the reports' main statements. Needs `npm run build` first.
//   npm run build && node bench/finance/finance.bench.js
// Smaller: BENCH_ORDERS=10000 BENCH_SERVICES_PER_ORDER=10 BENCH_PAYMENTS=30000 node bench/finance/finance.bench.js
const { spawnSync } = require('node:child_process');
const { resolve } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { freshDatabase, startApp, login } = require('../lib');

const ORDERS = Number(process.env.BENCH_ORDERS || 100000);
const PER = Number(process.env.BENCH_SERVICES_PER_ORDER || 10);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS || 300000);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 2000);
const DURATION = Number(process.env.BENCH_DURATION || 10);

async function createClients(base, auth, n) {
  const ids = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const r = await fetch(`${base}/api/v1/clients?allowDuplicate=true`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ fullName: `Клиент Бенчмарков ${i}`, emails: [`bench${i}@example-agency.ru`] }),
      });
      if (r.status !== 201) throw new Error(`client ${i}: ${r.status} ${await r.text()}`);
      ids.push((await r.json()).id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** autocannon with every response time kept, so p95 is exact (autocannon reports p90 / p97.5). */
async function measure(name, url, headers, connections) {
  const times = [];
  const result = await autocannon({
    url,
    headers,
    connections,
    duration: DURATION,
    setupClient: (client) => client.on('response', (_status, _bytes, ms) => times.push(ms)),
  });
  times.sort((a, b) => a - b);
  const row = {
    scenario: name,
    connections,
    requests: times.length,
    rps: Math.round(result.requests.average),
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    p99: Math.round(percentile(times, 99)),
    max: Math.round(times.at(-1)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  console.log(JSON.stringify(row));
  return row;
}

const EXPLAIN = {
  'debts: page (largest first)': `SELECT o.order_id, o.number, o.due FROM finance_orders o
      WHERE NOT o.deleted AND o.status <> 'cancelled' AND o.due > 0 ORDER BY o.due DESC, o.order_id LIMIT 50`,
  'debts: totals per currency (trigger-kept rows)': `SELECT trim(currency), sum(orders)::int, sum(due)::numeric(18,2)::text
      FROM finance_debt_totals WHERE side = 'clients' GROUP BY currency HAVING sum(orders) > 0 ORDER BY currency`,
  'by client: page (largest turnover first)': `SELECT g.client_id, g.currency, g.orders, g.turnover FROM (
      SELECT t.client_id, t.currency, t.orders, t.turnover, t.paid, t.debt FROM finance_client_totals t WHERE t.orders > 0) g
      ORDER BY g.turnover DESC, g.client_id, g.currency LIMIT 50`,
  'by client, one manager and half a year (grouped from the orders)': `SELECT o.client_id, o.currency, count(*)::int,
      sum(o.total_amount) AS turnover FROM finance_orders o
      WHERE NOT o.deleted AND o.manager_id = (SELECT manager_id FROM finance_orders LIMIT 1)
        AND o.order_created_at >= '2026-01-01' AND o.order_created_at < '2026-07-01' AND o.status <> 'cancelled'
      GROUP BY o.client_id, o.currency ORDER BY turnover DESC LIMIT 50`,
};

async function main() {
  const url = await freshDatabase('crm_bench_finance');
  let app = await startApp(url);
  const rows = [];
  try {
    const token = await login(app.base);
    const auth = { authorization: `Bearer ${token}` };
    let t = Date.now();
    const clientIds = await createClients(app.base, auth, CLIENTS);
    console.log(`created ${clientIds.length} clients via the API in ${Date.now() - t} ms`);
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query('CREATE TABLE bench_clients (id uuid PRIMARY KEY)');
    await db.query('INSERT INTO bench_clients SELECT unnest($1::uuid[])', [clientIds]);
    t = Date.now();
    const seed = spawnSync(
      'psql',
      [
        url,
        '-q',
        '-v',
        `orders=${ORDERS}`,
        '-v',
        `per=${PER}`,
        '-v',
        `payments=${PAYMENTS}`,
        '-f',
        resolve(__dirname, 'seed.sql'),
      ],
      { encoding: 'utf8' },
    );
    if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
    console.log(`seeded in ${Date.now() - t} ms:\n${seed.stdout}`);

    const base = `${app.base}/api/v1/reports`;
    for (const [name, path] of [
      ['warm-up', '/debts?limit=50'],
      ['warm-up', '/clients?limit=50'],
    ]) {
      await autocannon({ url: `${base}${path}`, headers: auth, connections: 2, duration: 2 });
      void name;
    }
    const [{ manager_id: managerId }] = (
      await db.query('SELECT manager_id FROM finance_orders WHERE manager_id IS NOT NULL LIMIT 1')
    ).rows;
    const scenarios = [
      ['GET /reports/debts?limit=50', '/debts?limit=50'],
      ['GET /reports/debts?side=suppliers&limit=50', '/debts?side=suppliers&limit=50'],
      ['GET /reports/clients?limit=50', '/clients?limit=50'],
      [
        'GET /reports/clients?managerId=…&from=2026-01-01&to=2026-07-01',
        `/clients?managerId=${managerId}&from=2026-01-01&to=2026-07-01`,
      ],
    ];
    for (const connections of [1, 4]) {
      for (const [name, path] of scenarios)
        rows.push(await measure(name, `${base}${path}`, auth, connections));
    }

    for (const [name, sql] of Object.entries(EXPLAIN)) {
      const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
      console.log(`\n-- ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
    await db.end();
  } finally {
    await app.stop();
    app = null;
  }
  const head =
    '| scenario | conns | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | errors |';
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} |`,
  );
  console.log(`\n${[head, '|---|---|---|---|---|---|---|---|---|---|', ...lines].join('\n')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
