'use strict';
// `npm run bench`: every benchmark (bench/**/*.bench.js) one after another, each short
// (BENCH_DURATION, default 2 s per scenario) on small seeds, as a smoke run of the benchmarks
// themselves. Recorded numbers come from one benchmark at its full length, e.g.
// `node bench/orders/orders.bench.js`, with the command written in BENCHMARKS.md.
// `npm run bench -- orders` runs only the benchmarks whose path contains "orders".
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = __dirname;
const filter = process.argv[2];

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith('.bench.js') ? [path] : [];
  });
}

const SHORT = {
  BENCH_DURATION: '2',
  BENCH_SEED: '300',
  BENCH_ORDERS: '2000',
  BENCH_SERVICES_PER_ORDER: '3',
  BENCH_PAYMENTS: '4000',
  BENCH_CLIENTS: '200',
};

const benches = find(ROOT)
  .sort()
  .filter((p) => !filter || relative(ROOT, p).includes(filter));
if (benches.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(2);
}
const failed = [];
for (const bench of benches) {
  const name = relative(ROOT, bench);
  console.log(`\n== ${name}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [bench], {
    stdio: 'inherit',
    env: { ...SHORT, ...process.env },
  });
  console.log(
    `== ${name}: ${r.status === 0 ? 'ok' : `failed (${r.status ?? r.signal})`} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (r.status !== 0) failed.push(name);
}
console.log(
  `\n${benches.length - failed.length}/${benches.length} benchmarks ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
);
process.exit(failed.length ? 1 : 0);
