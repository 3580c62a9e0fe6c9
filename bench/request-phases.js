'use strict';
// Preloaded into the app (`BENCH_NODE_ARGS="--require ./bench/request-phases.js"` with
// `BENCH_APP_LOG=<file>`, any bench): where a request's time goes, second by second, in each
// process (a cluster's workers inherit the flag). Every second with answered requests it writes one
// line to stderr:
//   PHASES pid=… at=<epoch ms> answered=<n> | server p50/p99 <ms> | pool wait p50/p99 <ms> |
//   hold p50/p90/p99 <ms> | loop delay p99/max <ms> | elu <%>
// - server: from Node's 'request' event (headers parsed) to the response's 'finish', so the time a
//   request waited in the socket before the event loop read it is NOT in it (the client's figure
//   minus this one is that wait);
// - pool wait: from `pool.connect()` to a connection handed out (pg-pool, any caller);
// - hold: from a connection handed out to its release (a transaction's length on the pool);
// - loop delay: `monitorEventLoopDelay` at 5 ms resolution; elu: the event loop's utilisation;
// - new connections (when any): how many were accepted, and the time from Node's 'connection'
//   event to their first request's 'request' event.
// The figures cost a few timestamps per request; nothing of the app is changed.
const http = require('node:http');
const { dirname } = require('node:path');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');

const Pool = require(require.resolve('pg-pool', { paths: [dirname(require.resolve('pg'))] }));

let served = [];
let waits = [];
let holds = [];
let firstGaps = [];
const connectedAt = new WeakMap();
const acquiredAt = new WeakMap();

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === 'connection') connectedAt.set(req, performance.now());
  if (event === 'request') {
    const t = performance.now();
    const since = connectedAt.get(req.socket);
    if (since !== undefined) {
      connectedAt.delete(req.socket);
      firstGaps.push(t - since);
    }
    res.once('finish', () => served.push(performance.now() - t));
  }
  return emit.apply(this, arguments);
};

const connect = Pool.prototype.connect;
Pool.prototype.connect = function (cb) {
  if (!this.benchPhases) {
    this.benchPhases = true;
    this.on('acquire', (client) => acquiredAt.set(client, performance.now()));
    this.on('release', (_err, client) => {
      const t = acquiredAt.get(client);
      if (t !== undefined) holds.push(performance.now() - t);
    });
  }
  const asked = performance.now();
  if (typeof cb === 'function') {
    return connect.call(this, (err, client, release) => {
      if (!err) waits.push(performance.now() - asked);
      cb(err, client, release);
    });
  }
  return connect.call(this).then((client) => {
    waits.push(performance.now() - asked);
    return client;
  });
};

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let mark = performance.eventLoopUtilization();

function pct(values, p) {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const ms = (v) => v.toFixed(0);

setInterval(() => {
  const now = performance.eventLoopUtilization();
  const elu = performance.eventLoopUtilization(now, mark).utilization;
  mark = now;
  if (served.length > 0) {
    process.stderr.write(
      `PHASES pid=${process.pid} at=${Date.now()} answered=${served.length}` +
        ` | server ${ms(pct(served, 0.5))}/${ms(pct(served, 0.99))}` +
        ` | pool wait ${ms(pct(waits, 0.5))}/${ms(pct(waits, 0.99))} (${waits.length})` +
        ` | hold ${ms(pct(holds, 0.5))}/${ms(pct(holds, 0.9))}/${ms(pct(holds, 0.99))}` +
        ` | loop delay ${ms(loop.percentile(99) / 1e6)}/${ms(loop.max / 1e6)}` +
        ` | elu ${Math.round(elu * 100)} %` +
        (firstGaps.length
          ? ` | new connections ${firstGaps.length}, accepted to first request p50/max ${ms(pct(firstGaps, 0.5))}/${ms(pct(firstGaps, 1))}`
          : '') +
        '\n',
    );
  }
  served = [];
  waits = [];
  holds = [];
  firstGaps = [];
  loop.reset();
}, 1000).unref();
