'use strict';
// Shared helpers for the benchmarks: a dedicated database, the built app as a child process,
// and autocannon runs summarised as one line each.
const { spawn } = require('node:child_process');
const { appendFileSync, readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { startDiskProbe, DISK_STALL_MS } = require('./disk-probe');

const ROOT = resolve(__dirname, '..');
const SERVER_URL = process.env.BENCH_SERVER_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function dbUrl(name) {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(fn) {
  const c = new Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Waits until the server has no backend left for `applicationName`, then `settleMs` more. A stopped
 * ceiling's connections end after its process does, and their exit (and the postmaster reaping
 * them) takes CPU: a fixed-rate run started while 20 of them were exiting had its first second at
 * p99 0.4–0.7 s, which was that teardown and not the app.
 */
async function backendsGone(applicationName, { timeoutMs = 10_000, settleMs = 500 } = {}) {
  const t0 = Date.now();
  await admin(async (c) => {
    while (Date.now() - t0 < timeoutMs) {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`,
        [applicationName],
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  await new Promise((r) => setTimeout(r, settleMs));
}

/** Drops and recreates a bench database (never the test one). */
async function freshDatabase(base) {
  // BENCH_DB_SUFFIX=x uses crm_bench_orders_x: two sessions benching on one server do not drop each other's data
  const name = process.env.BENCH_DB_SUFFIX ? `${base}_${process.env.BENCH_DB_SUFFIX}` : base;
  if (!/^crm_bench\w*$/.test(name)) throw new Error('bench databases are named crm_bench*');
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  return dbUrl(name);
}

const ADMIN_EMAIL = 'bench-admin@example-agency.ru';
const ADMIN_PASSWORD = 'Bench-Admin-Passw0rd';

/** Starts dist/main.js (run `npm run build` first) against `databaseUrl`; `nodeArgs` e.g. `--cpu-prof`. */
async function startApp(databaseUrl, env = {}, nodeArgs = []) {
  const port = 3900 + Math.floor(Math.random() * 90);
  // BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=bench/results/profiles' profiles the app under any
  // bench (V8 flags such as --cpu-prof are refused in NODE_OPTIONS)
  const extra = (process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...extra, 'dist/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: process.env.DB_POOL_MAX || '20',
      // BENCH_APP_PIPELINE=0: the app without pipelining (DB_PIPELINE=false), and the orders ceilings with it
      ...(process.env.BENCH_APP_PIPELINE === '0' ? { DB_PIPELINE: 'false' } : {}),
      // DB_POOL_MIN=0 closes idle connections after 30 s, as before DB_POOL_MIN existed (default: all kept)
      ...(process.env.DB_POOL_MIN ? { DB_POOL_MIN: process.env.DB_POOL_MIN } : {}),
      // BACKGROUND_YIELD_PERCENT=100: background loops never wait for requests (before it existed)
      ...(process.env.BACKGROUND_YIELD_PERCENT
        ? { BACKGROUND_YIELD_PERCENT: process.env.BACKGROUND_YIELD_PERCENT }
        : {}),
      // CLUSTER_BACKGROUND=shared: with WEB_CONCURRENCY > 1 every worker runs the background work
      // (before the background worker existed); BACKGROUND_NICE: that worker's CPU priority
      ...(process.env.CLUSTER_BACKGROUND ? { CLUSTER_BACKGROUND: process.env.CLUSTER_BACKGROUND } : {}),
      ...(process.env.BACKGROUND_NICE ? { BACKGROUND_NICE: process.env.BACKGROUND_NICE } : {}),
      // WEB_CONCURRENCY=2: any bench's app as a cluster of two workers (the orders bench sets its own)
      ...(process.env.WEB_CONCURRENCY ? { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY } : {}),
      // OUTBOX_BATCH_SIZE: the relay's claim and delivery batch (default 250)
      ...(process.env.OUTBOX_BATCH_SIZE ? { OUTBOX_BATCH_SIZE: process.env.OUTBOX_BATCH_SIZE } : {}),
      JWT_ACCESS_SECRET: 'bench-access-secret-0123456789abcdef0123456789',
      JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012345678',
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 5).toString('base64')}`,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DATA_DIR: resolve(ROOT, 'bench/results/data'),
      ...env,
    },
  });
  let out = '';
  // BENCH_APP_LOG=<file> keeps what the app wrote (warnings of a slow drain, a failing subscriber)
  const keep = process.env.BENCH_APP_LOG ? (d) => appendFileSync(process.env.BENCH_APP_LOG, d) : () => {};
  child.stdout.on('data', (d) => {
    out += d;
    keep(d);
  });
  child.stderr.on('data', (d) => {
    out += d;
    keep(d);
  });
  const base = `http://127.0.0.1:${port}`;
  // a cluster of workers on a loaded machine takes minutes to start
  for (let i = 0; i < 3000; i++) {
    if (child.exitCode !== null) throw new Error(`app exited: ${out}`);
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return { base, child, stop: () => stop(child) };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`app did not become ready: ${out}`);
}

function stop(child) {
  return new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
}

async function login(base, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return (await r.json()).accessToken;
}

/** The value at percentile `p` (0–100) of ascending `sorted`. */
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/**
 * A run's row from its latencies (ms, any order): requests, req/s over `duration` s, p50 / p90 /
 * p99 / max, in the shape of autocannon's rows (non2xx and errors added by the caller).
 */
function latencyRow(name, connections, duration, latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    scenario: name,
    connections,
    duration,
    requests: sorted.length,
    rps: Math.round(sorted.length / duration),
    p50: Math.round(percentile(sorted, 50)),
    p90: Math.round(percentile(sorted, 90)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

/**
 * The latencies (ms) of requests SENT in a lead-in, as one summary: n, p50, p99. Every connection's
 * first request is among them, since autocannon opens its connections and sends on each at once.
 */
function leadInSummary(ms, latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    ms,
    requests: sorted.length,
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
  };
}

/**
 * autocannon for `leadInMs` + `duration` s on the same connections, only the requests sent after the
 * lead-in counted (req/s over `duration`, percentiles of their latencies, non-2xx); those sent in the
 * lead-in are summarised apart (`leadIn`). autocannon opens its connections when it starts, and
 * libuv accepts one connection per turn of a busy event loop (BENCHMARKS.md, issue 18), so a run's
 * first requests measure how fast a burst of new connections is let in, not the steady state a
 * ceiling's kept pool is measured in: the lead-in gives both sides warm connections.
 */
async function loadAfterLeadIn(name, opts, duration, leadInMs) {
  const timed = [];
  const lead = [];
  let non2xx = 0;
  const from = performance.now() + leadInMs;
  const until = from + duration * 1000;
  const result = await new Promise((resolve, reject) => {
    const run = autocannon({ connections: 32, ...opts, duration: duration + leadInMs / 1000 }, (err, r) =>
      err ? reject(err) : resolve(r),
    );
    run.on('response', (_client, status, _bytes, ms) => {
      const sentAt = performance.now() - ms;
      if (sentAt < from) lead.push(ms);
      else if (sentAt < until) {
        timed.push(ms);
        if (status < 200 || status > 299) non2xx += 1;
      }
    });
  });
  const s = {
    ...latencyRow(name, opts.connections ?? 32, duration, timed),
    non2xx,
    errors: result.errors + result.timeouts,
    leadIn: leadInSummary(leadInMs, lead),
  };
  console.log(JSON.stringify(s));
  return s;
}

/**
 * Runs autocannon and returns a one-line summary: req/s, latency percentiles, non-2xx. With
 * `leadInMs`, requests sent in the first `leadInMs` are not counted (loadAfterLeadIn).
 */
async function load(name, opts) {
  // BENCH_DURATION (seconds) overrides every scenario's own length: `npm run bench` runs them short
  // (`exactDuration`: a slice of a longer measurement, already cut from BENCH_DURATION by the caller)
  const { exactDuration, leadInMs = 0, ...rest } = opts;
  const duration = exactDuration ?? (Number(process.env.BENCH_DURATION) || opts.duration || 10);
  if (leadInMs > 0) return loadAfterLeadIn(name, rest, duration, leadInMs);
  const result = await autocannon({ connections: 32, ...rest, duration });
  const s = {
    scenario: name,
    connections: opts.connections ?? 32,
    duration,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  console.log(JSON.stringify(s));
  return s;
}

/**
 * Open-loop load at a fixed arrival rate: `rate` requests a second, each sent at its scheduled time
 * whether or not earlier ones have answered (keep-alive sockets, as many as needed), and its latency
 * counted from that scheduled time, so a stall shows in the percentiles instead of slowing the
 * sender (autocannon's rate limit is closed-loop and sends each second's budget in a burst).
 * This is how "N requests a second at p99 ≤ X ms" is measured. `request()` returns
 * `{ method, path, headers, body }` for the next request. BENCH_PACED_TRACE=1 prints each
 * second's p50 / p99 / max (a stall, a cold start) and the sockets the sender opened in it.
 * A disk probe (bench/disk-probe.js) runs alongside: the summary says how many fsync stalls the
 * disk had (`diskStalls`, `diskStallMaxMs`), in which seconds of the schedule (`stalledSeconds`),
 * and the p99 of the answers scheduled in the other seconds (`p99Undisturbed`), since every
 * durable commit in flight waits out such a stall whatever the server does.
 */
async function paced(name, { url, rate, duration: seconds = 10, request }) {
  const http = require('node:http');
  const duration = Number(process.env.BENCH_DURATION) || seconds;
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  // sockets opened, by second of the schedule (BENCH_PACED_TRACE): a server slow to answer at the
  // start makes the sender open more of them, and a busy Node server accepts one per event-loop
  // turn (libuv), so their first requests wait (BENCHMARKS.md, issue 18)
  const opened = [];
  const createConnection = agent.createConnection.bind(agent);
  agent.createConnection = (...args) => {
    const sec = Math.floor((performance.now() - t0) / 1000);
    opened[sec] = (opened[sec] ?? 0) + 1;
    return createConnection(...args);
  };
  const total = Math.round(rate * duration);
  const answered = []; // [second of the schedule, latency ms, on a socket opened for it, ms to connect it] per answer
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const probe = startDiskProbe();
  const t0 = performance.now();
  const startedAt = new Date();
  await new Promise((resolve) => {
    const fire = (due) => {
      const r = request();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: r.method ?? 'POST',
          path: r.path ?? target.pathname,
          headers: { ...r.headers, ...(r.body ? { 'content-length': Buffer.byteLength(r.body) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const connectMs = connected === null ? null : connected - due;
            answered.push([
              Math.floor((due - t0) / 1000),
              performance.now() - due,
              !req.reusedSocket,
              connectMs,
            ]);
            if (res.statusCode < 200 || res.statusCode > 299) non2xx += 1;
            if (++done === total) resolve();
          });
        },
      );
      // a socket opened for this request: when its connection was established
      let connected = null;
      req.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => (connected = performance.now()));
      });
      req.on('error', () => {
        errors += 1;
        if (++done === total) resolve();
      });
      req.end(r.body);
    };
    const tick = setInterval(() => {
      const elapsed = performance.now() - t0;
      while (sent < total && (sent * 1000) / rate <= elapsed) fire(t0 + (sent++ * 1000) / rate);
      if (sent === total) clearInterval(tick);
    }, 1);
  });
  const wall = (performance.now() - t0) / 1000;
  const disk = probe ? await probe.stop() : null;
  // the seconds of the schedule a stall overlaps (from just before it, for requests already in
  // flight, to just after it, for the queue it leaves)
  const stalledSeconds = new Map();
  for (const { at: start, ms } of disk?.stalls ?? []) {
    const from = Math.floor((start - 50 - startedAt.getTime()) / 1000);
    const to = Math.floor((start + ms + 100 - startedAt.getTime()) / 1000);
    for (let sec = Math.max(0, from); sec <= Math.min(duration - 1, to); sec++)
      stalledSeconds.set(sec, Math.max(stalledSeconds.get(sec) ?? 0, ms));
  }
  if (process.env.BENCH_PACED_TRACE)
    console.log(`  ${name}: started ${startedAt.toISOString()} (${startedAt.getTime()})`);
  for (let sec = 0; process.env.BENCH_PACED_TRACE && sec < duration; sec++) {
    const inSecond = answered.filter(([b]) => b === sec);
    const sorted = (values) => values.sort((x, y) => x - y);
    const l = sorted(inSecond.map(([, ms]) => ms));
    const stall = stalledSeconds.has(sec) ? ` (disk: fsync stall of ${stalledSeconds.get(sec)} ms)` : '';
    // the answers to requests that went out on a socket opened for them (and when it connected),
    // and to those on a kept one
    const split = (fresh) => {
      const mine = inSecond.filter(([, , f]) => f === fresh);
      if (!mine.length) return 'none';
      const v = sorted(mine.map(([, ms]) => ms));
      const connects = sorted(mine.map(([, , , c]) => c).filter((c) => c !== null));
      const connect = connects.length
        ? ` (connected after p50 ${Math.round(connects[connects.length >> 1])} max ${Math.round(connects.at(-1))})`
        : '';
      return `${v.length} at p50 ${Math.round(v[v.length >> 1])} max ${Math.round(v.at(-1))}${connect}`;
    };
    console.log(
      `  second ${sec}: p50 ${Math.round(l[l.length >> 1])} p99 ${Math.round(l[Math.floor(l.length * 0.99)])} max ${Math.round(l.at(-1))}, ${opened[sec] ?? 0} sockets opened${stall}; on a new socket ${split(true)}, on a kept one ${split(false)}`,
    );
  }
  agent.destroy();
  const percentile = (sorted, q) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const latencies = answered.map(([, ms]) => ms).sort((a, b) => a - b);
  const at = (q) => percentile(latencies, q);
  const undisturbed = answered
    .filter(([sec]) => !stalledSeconds.has(sec))
    .map(([, ms]) => ms)
    .sort((a, b) => a - b);
  const s = {
    scenario: name,
    connections: `${rate}/s offered`,
    duration,
    requests: latencies.length,
    // completed per second over the whole run, the last answer included
    rps: Math.round(latencies.length / wall),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: Math.round(latencies.at(-1) ?? 0),
    non2xx,
    errors,
    ...(disk && {
      diskSyncP99: Math.round(disk.p99 * 10) / 10,
      diskStalls: disk.stalls.length,
      diskStallMaxMs: Math.max(0, ...disk.stalls.map((x) => x.ms)),
      stalledSeconds: [...stalledSeconds.keys()],
      p99Undisturbed: undisturbed.length ? percentile(undisturbed, 0.99) : null,
    }),
  };
  console.log(JSON.stringify(s));
  return s;
}

/** The webhook goal: this many acknowledgements a second at p99 ≤ 50 ms (BENCH_WEBHOOK_RATE overrides). */
const WEBHOOK_RATE = Number(process.env.BENCH_WEBHOOK_RATE || 500);

/** The webhook goal: `rate` acknowledgements a second sustained (all answered, 2xx) at p99 ≤ `p99Ms`. */
function rateGoal(s, rate, p99Ms = 50) {
  const met = s.non2xx === 0 && s.errors === 0 && s.rps >= rate * 0.98 && s.p99 <= p99Ms;
  return `${s.scenario}: ${s.rps} req/s answered at ${rate}/s offered, p99 ${s.p99} ms: goal (${rate}/s at p99 ≤ ${p99Ms} ms) ${met ? 'met' : '**missed**'}${diskNote(s)}`;
}

/** What the disk probe saw during a paced run, for its verdict line ('' without the probe). */
function diskNote(s) {
  if (s.diskStalls === undefined) return '';
  if (s.diskStalls === 0)
    return `; disk: no fsync stall over ${DISK_STALL_MS} ms (sync p99 ${s.diskSyncP99} ms)`;
  const seconds = s.stalledSeconds.length;
  return (
    `; disk: ${s.diskStalls} fsync stall(s) over ${DISK_STALL_MS} ms, the longest ${s.diskStallMaxMs} ms, ` +
    `in second(s) ${s.stalledSeconds.join(', ')}; the other ${s.duration - seconds} s: p99 ${s.p99Undisturbed ?? '–'} ms`
  );
}

function table(rows) {
  const head = '| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors |';
  const sep = '|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} |`,
  );
  return [head, sep, ...lines].join('\n');
}

/**
 * The machine's CPU time so far from /proc/stat (all cores, clock ticks): `steal` is the time the
 * hypervisor ran something else while this machine had work for the core. Null where /proc is not
 * readable. stealShare(a, b): the share of the CPU time between two readings that was stolen.
 */
function cpuTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    return { steal: fields[7], total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

function stealShare(a, b) {
  return a && b && b.total > a.total ? (b.steal - a.steal) / (b.total - a.total) : null;
}

/** The machine's load averages now, e.g. "5.1 / 4.2 / 3.0" (the box is shared: always recorded). */
function loadAverage() {
  return require('node:os')
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

/**
 * The API against its raw ceiling measured in the same run: throughput ratio and p99 against the
 * ceiling's p99, with the goals (ratio ≥ `minRatio`, p99 ≤ `maxP99Factor` × the ceiling's).
 * `api` is the measured side and `raw` the ceiling of each pair; `title`, `upper` and `lower` label
 * the first column and the two sides (defaults: "API / raw ceiling", "API", "ceiling"), and
 * `goals: false` leaves the goal column out (a decomposition of the gap has no goal of its own).
 */
function ceilingTable(
  pairs,
  {
    minRatio = 0.6,
    maxP99Factor = 2,
    title = 'API / raw ceiling',
    upper = 'API',
    lower = 'ceiling',
    goals = true,
  } = {},
) {
  const head = [
    title,
    'conns',
    `${upper} req/s`,
    `${lower} req/s`,
    'ratio',
    `${upper} p99 ms`,
    `${lower} p99 ms`,
    `p99 / ${lower} p99`,
    'load avg',
    ...(goals ? ['goal'] : []),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${'---|'.repeat(head.length)}`];
  for (const { scenario, api, raw, load } of pairs) {
    const ratio = raw.rps ? api.rps / raw.rps : 0;
    const p99 = raw.p99 ? api.p99 / raw.p99 : Infinity;
    const met = ratio >= minRatio && p99 <= maxP99Factor;
    const goal = goals ? ` ${met ? 'met' : '**missed**'} |` : '';
    lines.push(
      `| ${scenario} | ${api.connections} | ${api.rps} | ${raw.rps} | ${Math.round(ratio * 100)} % | ${api.p99} | ${raw.p99} | ${p99.toFixed(1)} × | ${load ?? ''} |${goal}`,
    );
  }
  return lines.join('\n');
}

module.exports = {
  backendsGone,
  cpuTicks,
  stealShare,
  diskNote,
  paced,
  rateGoal,
  WEBHOOK_RATE,
  loadAverage,
  ceilingTable,
  ROOT,
  dbUrl,
  admin,
  freshDatabase,
  startApp,
  login,
  load,
  latencyRow,
  leadInSummary,
  table,
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
};
