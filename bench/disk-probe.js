'use strict';
// Watches the disk for fsync stalls while a latency measurement runs. A worker thread writes 8 KB
// to a file and fdatasync()s it every 10 ms, and records every sync slower than BENCH_DISK_STALL_MS
// (default 50). A durable COMMIT waits for the same kind of sync of PostgreSQL's WAL, so a stall
// seen here is a stall of every commit in flight: it tells which seconds of a run the disk took,
// whatever the app or the ceiling did. The file lives in BENCH_DISK_PROBE_DIR (default: the OS
// temporary directory), which should be on the filesystem of PostgreSQL's data directory (it is on
// the bench machine: one ext4 volume). BENCH_DISK_PROBE=0 turns the probe off. Its own load, 100
// syncs a second of one page, is small next to a webhook run's 500 commits a second.
const { Worker } = require('node:worker_threads');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const DISK_STALL_MS = Number(process.env.BENCH_DISK_STALL_MS || 50);

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { openSync, writeSync, fdatasyncSync, closeSync, unlinkSync } = require('node:fs');
const { file, slowMs, stop, intervalMs } = workerData;
const flag = new Int32Array(stop);
const fd = openSync(file, 'w', 0o600);
const page = Buffer.alloc(8192, 120);
const stalls = [];
const latencies = [];
while (Atomics.load(flag, 0) === 0) {
  const t0 = performance.now();
  writeSync(fd, page, 0, page.length, 0);
  fdatasyncSync(fd);
  const ms = performance.now() - t0;
  latencies.push(ms);
  // epoch ms of the stall's start and its length
  if (ms > slowMs) stalls.push({ at: performance.timeOrigin + t0, ms: Math.round(ms) });
  Atomics.wait(flag, 0, 0, intervalMs);
}
closeSync(fd);
unlinkSync(file);
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
parentPort.postMessage({ syncs: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0, stalls });
`;

/**
 * Starts the probe; `stop()` resolves with `{ syncs, p50, p99, max, stalls: [{ at, ms }] }` (sync
 * latencies in ms, each stall's start as epoch ms). Null when BENCH_DISK_PROBE=0.
 */
function startDiskProbe({ dir = process.env.BENCH_DISK_PROBE_DIR || tmpdir(), slowMs = DISK_STALL_MS } = {}) {
  if (process.env.BENCH_DISK_PROBE === '0') return null;
  const stop = new SharedArrayBuffer(4);
  const file = join(dir, `bench-disk-probe-${process.pid}-${Date.now()}`);
  const worker = new Worker(WORKER, { eval: true, workerData: { file, slowMs, stop, intervalMs: 10 } });
  const result = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      Atomics.store(new Int32Array(stop), 0, 1);
      Atomics.notify(new Int32Array(stop), 0);
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

module.exports = { startDiskProbe, DISK_STALL_MS };
