'use strict';
// CPU of the write path including its after-commit work: the built app under `node --cpu-prof`,
// POST /orders/{id}/services under autocannon (BENCH_CONNECTIONS, default 32, for BENCH_DURATION
// s, default 10), then until the outbox has no pending event. Prints req/s, the backlog when the
// load ended and how long it took to drain, and the profile summarised for the load window, the
// drain window and both: busy CPU of both / requests = CPU per POST with its events delivered.
//   npm run build && node bench/orders/write-path.profile.js
const { mkdirSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { ROOT, freshDatabase, startApp, login, load, loadAverage } = require('../lib');
const { summarise } = require('../profile-summary');
const { seedOrders } = require('./seed');
const pick = (ids) => ids[Math.floor(Math.random() * ids.length)];
const us = () => Number(process.hrtime.bigint() / 1000n);
async function main() {
  const url = await freshDatabase('crm_bench_orders_write');
  const setup = await startApp(url);
  let clientId;
  try {
    const token = await login(setup.base);
    const r = await fetch(`${setup.base}/api/v1/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        fullName: 'Bench Payer',
        passports: [{ kind: 'internal', series: '4510', number: '123456' }],
      }),
    });
    clientId = (await r.json()).id;
  } finally {
    await setup.stop();
  }
  const ids = await seedOrders(url, { clientId, orders: 10000, servicesPerOrder: 10 });
  const dir = join(ROOT, 'bench/results/profiles/write-path.tmp');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const app = await startApp(url, {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const c = new Client({ connectionString: url });
  await c.connect();
  let w1, w2, s, events, drainMs;
  try {
    const token = await login(app.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({
      type: 'other',
      startAt: '2027-08-01T10:00:00+03:00',
      endAt: '2027-08-01T11:00:00+03:00',
      location: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow' },
      price: '1500.00',
      currency: 'RUB',
      commission: { percent: '5' },
    });
    const la = loadAverage();
    const f = us();
    s = await load('POST', {
      url: app.base,
      headers,
      connections: Number(process.env.BENCH_CONNECTIONS || 32),
      duration: Number(process.env.BENCH_DURATION || 10),
      requests: [
        {
          method: 'POST',
          body,
          setupRequest: (req) => ({ ...req, path: `/api/v1/orders/${pick(ids)}/services` }),
        },
      ],
    });
    w1 = { fromUs: f, toUs: us() };
    const t0 = Date.now();
    const pend0 = (await c.query(`SELECT count(*)::int n FROM outbox WHERE status='pending'`)).rows[0].n;
    for (;;) {
      const n = (await c.query(`SELECT count(*)::int n FROM outbox WHERE status='pending'`)).rows[0].n;
      if (n === 0 || Date.now() - t0 > 90000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    drainMs = Date.now() - t0;
    w2 = { fromUs: w1.toUs, toUs: us() };
    events = (await c.query(`SELECT count(*)::int n FROM outbox`)).rows[0].n;
    console.log(
      JSON.stringify({
        load: la,
        rps: s.rps,
        p99: s.p99,
        requests: s.requests,
        pendingAtEnd: pend0,
        drainMs,
        eventsTotal: events,
        loadEnd: loadAverage(),
      }),
    );
  } finally {
    await c.end();
    await app.stop();
  }
  const [file] = readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'));
  const prof = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  const t1 = summarise(prof, 30, w1);
  const b1 = Number(/([\d.]+) s busy/.exec(t1)?.[1]);
  console.log(`LOAD window: busy ${b1}s, per request ${((b1 * 1000) / s.requests).toFixed(2)} ms\n` + t1);
  const t2 = summarise(prof, 30, w2);
  const b2 = Number(/([\d.]+) s busy/.exec(t2)?.[1]);
  console.log(`DRAIN window: busy ${b2}s\n` + t2);
  const tAll = summarise(prof, 40, { fromUs: w1.fromUs, toUs: w2.toUs });
  const bAll = Number(/([\d.]+) s busy/.exec(tAll)?.[1]);
  console.log(
    `LOAD+DRAIN: busy ${bAll}s, per request ${((bAll * 1000) / s.requests).toFixed(2)} ms, per event ${((bAll * 1000) / (2 * s.requests)).toFixed(2)} ms\n` +
      tAll,
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
