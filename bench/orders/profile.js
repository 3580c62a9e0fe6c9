'use strict';
// CPU profile of the orders hot paths: the built app under `node --cpu-prof`, one app process
// per scenario (GET /orders/{id}, then POST /orders/{id}/services) under autocannon, on the
// bench's data (10,000 orders × 10 services seeded with SQL), then the profile summarised into
// layers and top frames (bench/profile-summary.js). Needs `npm run build` first.
//   npm run build && node bench/orders/profile.js            # BENCH_PROFILE_SECONDS=15, 32 connections
// Profiles are kept in bench/results/profiles/<scenario>.cpuprofile (open them in Chrome DevTools).
// BENCH_PROFILE_KIND=alloc measures allocations instead: bytes allocated per request, and by
// function, from V8's sampling heap profiler (bench/alloc-sampler.js, objects already collected
// included), after 5 s of untimed load; kept in bench/results/profiles/<scenario>.heapprofile.
//   BENCH_PROFILE_KIND=alloc BENCH_PROFILE_CONNECTIONS=8 BENCH_PROFILE_SECONDS=8 node bench/orders/profile.js
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { ROOT, freshDatabase, startApp, login, load } = require('../lib');
const { summarise, summariseAllocations } = require('../profile-summary');
const { seedOrders } = require('./seed');

const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS || 15);
const CONNECTIONS = Number(process.env.BENCH_PROFILE_CONNECTIONS || 32);
// BENCH_PROFILE_SCENARIOS=get-order profiles the read only
const SCENARIOS = (process.env.BENCH_PROFILE_SCENARIOS || 'get-order,add-service').split(',');
const OUT = join(ROOT, 'bench/results/profiles');
const KIND = process.env.BENCH_PROFILE_KIND === 'alloc' ? 'alloc' : 'cpu';
const pick = (ids) => ids[Math.floor(Math.random() * ids.length)];

/** Allocations per request of one scenario (BENCH_PROFILE_KIND=alloc), printed as tables. */
async function allocations(url, name, requests) {
  mkdirSync(OUT, { recursive: true });
  const target = join(OUT, `${name}.heapprofile`);
  rmSync(target, { force: true });
  const app = await startApp(
    url,
    { BENCH_ALLOC_OUT: target, BENCH_ALLOC_SURVIVORS: process.env.BENCH_ALLOC_SURVIVORS ?? '' },
    ['--require', join(ROOT, 'bench/alloc-sampler.js')],
  );
  let summary;
  try {
    const token = await login(app.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const opts = { url: app.base, headers, connections: CONNECTIONS, requests: [requests] };
    await load(`${name} (warm-up)`, { ...opts, duration: 5 });
    app.child.kill('SIGUSR2');
    summary = await load(name, { ...opts, duration: SECONDS });
    app.child.kill('SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(target); i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await app.stop();
  }
  console.log(`\n### ${name}: allocations (${CONNECTIONS} connections, ${SECONDS} s, ${summary.rps} req/s)`);
  console.log(`profile: ${target}\n`);
  console.log(summariseAllocations(JSON.parse(readFileSync(target, 'utf8')), summary.requests, 20));
}

async function profiled(url, name, requests, extraEnv = {}) {
  if (KIND === 'alloc') return allocations(url, name, requests);
  const dir = join(OUT, `${name}.tmp`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const app = await startApp(url, extraEnv, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  let summary;
  let window;
  try {
    const token = await login(app.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    summary = await load(name, {
      url: app.base,
      headers,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [requests],
    });
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  } finally {
    await app.stop();
  }
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const target = join(OUT, `${name}.cpuprofile`);
  renameSync(join(dir, file), target);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\n### ${name} (${CONNECTIONS} connections, ${SECONDS} s): ${summary.rps} req/s, p99 ${summary.p99} ms`,
  );
  console.log(`profile: ${target} (window ${window.fromUs}-${window.toUs}: the load only)\n`);
  const text = summarise(JSON.parse(readFileSync(target, 'utf8')), 20, window);
  const busy = Number(/([\d.]+) s busy/.exec(text)?.[1]);
  console.log(`CPU of the app process per request: ${((busy * 1000) / summary.requests).toFixed(2)} ms\n`);
  console.log(text);
}

async function main() {
  const url = await freshDatabase('crm_bench_orders');
  // a first app run migrates the database and creates the admin and the paying client
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
    if (!r.ok) throw new Error(`client: ${r.status} ${await r.text()}`);
    clientId = (await r.json()).id;
  } finally {
    await setup.stop();
  }
  const t0 = Date.now();
  const ids = await seedOrders(url, {
    clientId,
    orders: Number(process.env.BENCH_ORDERS || 10000),
    servicesPerOrder: Number(process.env.BENCH_SERVICES_PER_ORDER || 10),
  });
  console.log(`seeded ${ids.length} orders in ${Date.now() - t0} ms`);
  if (SCENARIOS.includes('get-order')) {
    await profiled(url, 'get-order', {
      setupRequest: (req) => ({ ...req, path: `/api/v1/orders/${pick(ids)}` }),
    });
  }
  if (!SCENARIOS.includes('add-service')) return;
  const body = JSON.stringify({
    type: 'other',
    startAt: '2027-08-01T10:00:00+03:00',
    endAt: '2027-08-01T11:00:00+03:00',
    location: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow' },
    price: '1500.00',
    currency: 'RUB',
    commission: { percent: '5' },
  });
  await profiled(url, 'add-service', {
    method: 'POST',
    body,
    setupRequest: (req) => ({ ...req, path: `/api/v1/orders/${pick(ids)}/services` }),
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
