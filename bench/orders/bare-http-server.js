'use strict';
// The bare HTTP ceiling of the orders bench: a minimal node:http server (no framework, no auth,
// no validation, no logging) on a `pg` pool of the app's size, running exactly the raw ceiling's
// SQL — the floor of "HTTP + the same SQL" in Node, between the API and the raw pg ceiling:
//   GET  /api/v1/orders/:id           the API's own GET statement (raw-ceiling.js: GET_STATEMENT);
//                                     200 with the row as JSON (the services' JSON bytes spliced in,
//                                     as the API does), 404 when there is no row
//   POST /api/v1/orders/:id/services  reads the body, runs raw-ceiling.js's addService(client, id,
//                                     clientId) in one transaction; 201 {"orderId", "received"}, 409 on a
//                                     version conflict (its outbox rows carry CEILING_CORRELATION)
// Forked by the bench as a child process (like the app):
//   const bare = await startBareHttp({ databaseUrl, clientId }); … await bare.stop();
const http = require('node:http');
const { fork } = require('node:child_process');
const { Pool } = require('pg');
const { getOrder, addService, ceilingPoolMax, SEQUENTIAL, useEventPayloads } = require('./raw-ceiling');
const { backendsGone } = require('../lib');

const BARE_APPLICATION = 'bench-bare-http';

const ROUTE = /^\/api\/v1\/orders\/([^/?]+)(\/services)?(?:\?.*)?$/;
const JSON_TYPE = { 'content-type': 'application/json' };
const CLOSE = Buffer.from('}');

function send(res, status, body) {
  res.writeHead(status, JSON_TYPE).end(body);
}

async function getRoute(pool, id, res) {
  const { rows } = await getOrder(pool, id);
  if (!rows.length) return send(res, 404, '{"status":404}');
  const { servicesJson, ...order } = rows[0];
  // PostgreSQL already rendered the services to JSON (UTF-8 bytes): spliced in, not transcoded
  send(
    res,
    200,
    Buffer.concat([Buffer.from(`${JSON.stringify(order).slice(0, -1)},"services":`), servicesJson, CLOSE]),
  );
}

async function postRoute(pool, id, clientId, req, res) {
  // the body is read like any server would, but not parsed: addService's values are fixed
  let received = 0;
  for await (const chunk of req) received += chunk.length;
  const c = await pool.connect();
  try {
    await addService(c, id, clientId);
  } catch (err) {
    if (err.message === 'version conflict') return send(res, 409, '{"status":409}');
    throw err;
  } finally {
    c.release();
  }
  send(res, 201, JSON.stringify({ orderId: id, received }));
}

function serve() {
  const clientId = process.env.BARE_CLIENT_ID;
  // the raw ceiling's event payloads (the app's own, when the bench took them from the run)
  if (process.env.BARE_EVENT_PAYLOADS) useEventPayloads(JSON.parse(process.env.BARE_EVENT_PAYLOADS));
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.BARE_POOL_MAX) || ceilingPoolMax(),
    application_name: BARE_APPLICATION,
    // the app's round trips, as the raw ceiling (raw-ceiling.js)
    pipeline: !SEQUENTIAL,
  });
  const server = http.createServer((req, res) => {
    const m = ROUTE.exec(req.url);
    let work;
    if (m && !m[2] && req.method === 'GET') work = getRoute(pool, m[1], res);
    else if (m && m[2] && req.method === 'POST') work = postRoute(pool, m[1], clientId, req, res);
    else return send(res, 404, '{"status":404}');
    work.catch((err) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ status: 500, detail: String(err.message) }));
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    pool.end().finally(() => process.exit(0));
  });
}

/**
 * Forks the bare HTTP ceiling (a separate process, like the app) on a pool of `poolMax`
 * connections (default ceilingPoolMax(): the app's DB_POOL_MAX, 20); resolves with its base URL
 * and a stop() that closes the server and its pool.
 */
function startBareHttp({ databaseUrl, clientId, poolMax = ceilingPoolMax(), eventPayloads = null }) {
  const child = fork(__filename, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      BARE_CLIENT_ID: clientId,
      BARE_POOL_MAX: String(poolMax),
      ...(eventPayloads ? { BARE_EVENT_PAYLOADS: JSON.stringify(eventPayloads) } : {}),
    },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare HTTP server exited ${code}`)));
    child.once('message', ({ port }) =>
      resolve({
        base: `http://127.0.0.1:${port}`,
        child,
        // resolves once its database connections' server processes have exited too
        stop: () =>
          new Promise((r) => {
            child.removeAllListeners('exit');
            if (child.exitCode !== null) return r();
            child.once('exit', r);
            child.kill('SIGTERM');
          }).then(() => backendsGone(BARE_APPLICATION)),
      }),
    );
  });
}

if (require.main === module) serve();
module.exports = { startBareHttp };
