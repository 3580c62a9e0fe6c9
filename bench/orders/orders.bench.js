'use strict';
// Orders benchmark: 10,000 orders × 10 services seeded with SQL; GET /orders/{id} and
// POST /orders/{id}/services through the built app at 32 and 64 connections, then the same SQL
// from a raw `pg` pool as the ceiling, and the ratios. Needs `npm run build` first.
//   npm run build && node bench/orders/orders.bench.js
const { freshDatabase, startApp, login, load, table } = require('../lib');
const { seedOrders } = require('./seed');
const { rawLoad, getOrder, addService } = require('./raw-ceiling');

const DURATION = Number(process.env.BENCH_DURATION || 10);
const pick = (ids) => ids[Math.floor(Math.random() * ids.length)];

async function main() {
  const url = await freshDatabase('crm_bench_orders');
  const app = await startApp(url);
  const rows = [];
  const ratios = [];
  let ids;
  let clientId;
  try {
    const token = await login(app.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const client = await fetch(`${app.base}/api/v1/clients`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        fullName: 'Bench Payer',
        passports: [{ kind: 'internal', series: '4510', number: '123456' }],
      }),
    });
    if (!client.ok) throw new Error(`client: ${client.status} ${await client.text()}`);
    clientId = (await client.json()).id;
    const t0 = Date.now();
    ids = await seedOrders(url, { clientId });
    console.log(`seeded ${ids.length} orders × 10 services in ${Date.now() - t0} ms`);

    const getReq = { setupRequest: (req) => ({ ...req, path: `/api/v1/orders/${pick(ids)}` }) };
    const body = JSON.stringify({
      type: 'other',
      startAt: '2027-08-01T10:00:00+03:00',
      endAt: '2027-08-01T11:00:00+03:00',
      location: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow' },
      price: '1500.00',
      currency: 'RUB',
      commission: { percent: '5' },
    });
    const postReq = {
      method: 'POST',
      body,
      setupRequest: (req) => ({ ...req, path: `/api/v1/orders/${pick(ids)}/services` }),
    };
    await load('warm-up', { url: app.base, headers, duration: 3, connections: 8, requests: [getReq] });
    for (const connections of [32, 64]) {
      const api = await load('GET /api/v1/orders/{id}', {
        url: app.base,
        headers,
        connections,
        duration: DURATION,
        requests: [getReq],
      });
      const raw = await rawLoad('raw pg: GET order SQL', url, connections, DURATION, (c) =>
        getOrder(c, pick(ids)),
      );
      rows.push(api, raw);
      ratios.push({ scenario: 'GET /orders/{id}', connections, ratio: api.rps / raw.rps, p99: api.p99 });
    }
    for (const connections of [32, 64]) {
      const api = await load('POST /api/v1/orders/{id}/services', {
        url: app.base,
        headers,
        connections,
        duration: DURATION,
        requests: [postReq],
      });
      const raw = await rawLoad('raw pg: add-service SQL', url, connections, DURATION, (c) =>
        addService(c, pick(ids), clientId),
      );
      rows.push(api, raw);
      ratios.push({
        scenario: 'POST /orders/{id}/services',
        connections,
        ratio: api.rps / raw.rps,
        p99: api.p99,
      });
    }
  } finally {
    await app.stop();
  }
  console.log(`\n${table(rows)}\n`);
  console.log('| API / raw ceiling | conns | ratio | API p99 ms |');
  console.log('|---|---|---|---|');
  for (const r of ratios)
    console.log(`| ${r.scenario} | ${r.connections} | ${Math.round(r.ratio * 100)} % | ${r.p99} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
