'use strict';
// Fault drills behind the README "Reliability" figures: SIGTERM under autocannon load, a
// PostgreSQL outage (a private cluster, never the shared server), kill -9 with an outbox
// backlog, and two replicas starting together on an empty database. Needs `npm run build`.
//   npm run build && node bench/reliability.drills.js
// Prints one JSON line per drill.
const { execFileSync } = require('node:child_process');
const { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { freshDatabase, startApp, login, dbUrl } = require('./lib');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** initdb + pg_ctl on a spare port under a temp dir (as `postgres` when run as root). */
async function privateCluster() {
  const bin = ['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => existsSync(d));
  const dir = mkdtempSync(join(tmpdir(), 'crm-drill-pg-'));
  const root = process.getuid() === 0;
  if (root) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    const [, , uid, gid] = line.split(':');
    chownSync(dir, Number(uid), Number(gid));
  }
  const run = (tool, args) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], {
          cwd: dir,
          stdio: 'pipe',
        })
      : execFileSync(join(bin, tool), args, { cwd: dir, stdio: 'pipe' });
  const port = await freePort();
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await c.connect();
  await c.query('CREATE DATABASE crm');
  await c.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/crm`,
    start,
    stop,
    destroy() {
      try {
        stop('immediate');
      } catch {
        /* already down */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** autocannon with per-response status counts and per-request error codes. */
function cannon(opts) {
  const statuses = {};
  const errors = {};
  const instance = autocannon({ duration: 10, connections: 16, ...opts });
  instance.on('response', (_client, statusCode) => {
    statuses[statusCode] = (statuses[statusCode] || 0) + 1;
  });
  instance.on('reqError', (err) => {
    const code = err.code || err.message;
    errors[code] = (errors[code] || 0) + 1;
  });
  return { instance, statuses, errors, done: new Promise((r) => instance.on('done', r)) };
}

async function sigtermDrill() {
  const url = await freshDatabase('crm_bench_reliability');
  const app = await startApp(url, { SHUTDOWN_DRAIN_SECONDS: '20' });
  let out = '';
  app.child.stdout.on('data', (d) => (out += d));
  const token = await login(app.base);
  const c = cannon({
    url: `${app.base}/api/v1/auth/me`,
    headers: { authorization: `Bearer ${token}` },
    connections: 32,
    duration: 8,
  });
  await sleep(3000);
  const signalledAt = Date.now();
  const exit = new Promise((r) => app.child.once('exit', (code) => r(code)));
  app.child.kill('SIGTERM');
  const code = await exit;
  const exitedAfterMs = Date.now() - signalledAt;
  c.instance.stop();
  await c.done;
  const fivexx = Object.entries(c.statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, v]) => n + v, 0);
  // the server's own account: requests it had accepted and answered during the drain, and cut
  const drained = /HTTP drained: (\d+) request\(s\) answered during the drain, (\d+) cut/.exec(out);
  // After the listener closed autocannon's reconnects are refused (ECONNREFUSED). autocannon also
  // ignores `Connection: close` and writes its next request on a connection the server is
  // closing, which resets (ECONNRESET): requests the server never received, not in-flight ones.
  return {
    drill: 'SIGTERM under load (GET /auth/me, 32 keep-alive conns)',
    statuses: c.statuses,
    fivexx,
    clientErrors: c.errors,
    serverAnsweredDuringDrain: drained ? Number(drained[1]) : null,
    serverCut: drained ? Number(drained[2]) : null,
    exitCode: code,
    exitedAfterMs,
  };
}

async function outageDrill() {
  const pg = await privateCluster();
  try {
    const app = await startApp(pg.url, { DB_POOL_MAX: '10' });
    try {
      const token = await login(app.base);
      const c = cannon({
        url: `${app.base}/api/v1/auth/me`,
        headers: { authorization: `Bearer ${token}` },
        connections: 16,
        duration: 14,
      });
      await sleep(3000);
      pg.stop('fast');
      const downAt = Date.now();
      await sleep(5000);
      pg.start();
      const upAt = Date.now();
      let firstOkMs = null;
      while (firstOkMs === null && Date.now() - upAt < 30_000) {
        const r = await fetch(`${app.base}/api/v1/auth/me`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (r.status === 200) firstOkMs = Date.now() - upAt;
        else await sleep(50);
      }
      await c.done;
      const alive = app.child.exitCode === null;
      return {
        drill: 'PostgreSQL stopped 5 s under load (GET /auth/me, 16 conns)',
        downForMs: upAt - downAt,
        statuses: c.statuses,
        errors: c.errors,
        servingAgainAfterMs: firstOkMs,
        processAlive: alive,
      };
    } finally {
      await app.stop();
    }
  } finally {
    pg.destroy();
  }
}

async function outboxCount(url, where) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`SELECT count(*)::int AS n FROM outbox WHERE ${where}`);
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

async function killDrill() {
  const url = await freshDatabase('crm_bench_reliability');
  const a = await startApp(url);
  const b = await startApp(url); // the surviving replica
  const token = await login(a.base);
  let n = 0;
  // writes with events (each new user: users.created → audit) on replica A, killed with -9 mid-way
  const c = cannon({
    url: `${a.base}/api/v1/users`,
    method: 'POST',
    connections: 8,
    duration: 6,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          n += 1;
          req.body = JSON.stringify({
            email: `drill.${process.pid}.${n}@example-agency.ru`,
            password: 'Drill-User-Passw0rd',
            fullName: `Drill ${n}`,
            role: 'operator',
          });
          return req;
        },
      },
    ],
  });
  await sleep(4000);
  a.child.kill('SIGKILL');
  const killedAt = Date.now();
  await new Promise((r) => a.child.once('exit', r));
  c.instance.stop();
  await c.done;
  const pending = await outboxCount(url, `status = 'pending'`);
  const claimed = await outboxCount(url, `status = 'pending' AND locked_until > now()`);
  let clearedMs = null;
  while (clearedMs === null && Date.now() - killedAt < 120_000) {
    if ((await outboxCount(url, `status = 'pending'`)) === 0) clearedMs = Date.now() - killedAt;
    else await sleep(100);
  }
  await b.stop();
  return {
    drill: 'kill -9 of replica A during writes, replica B running',
    writesAnswered: c.statuses,
    pendingRightAfterKill: pending,
    claimedByKilledProcess: claimed,
    backlogClearedAfterKillMs: clearedMs,
  };
}

async function replicasDrill() {
  const url = await freshDatabase('crm_bench_reliability');
  const results = await Promise.allSettled([startApp(url), startApp(url)]);
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  for (const r of results) if (r.status === 'fulfilled') await r.value.stop();
  const migrations = await (async () => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n;
    } finally {
      await c.end();
    }
  })();
  return { drill: 'two replicas starting together on an empty database', started: `${ok} of 2`, migrations };
}

async function main() {
  const only = process.argv[2];
  const drills = { sigterm: sigtermDrill, outage: outageDrill, kill: killDrill, replicas: replicasDrill };
  for (const [name, drill] of Object.entries(drills)) {
    if (only && only !== name) continue;
    console.log(JSON.stringify(await drill()));
  }
  void dbUrl;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
