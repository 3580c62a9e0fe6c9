'use strict';
// CSV import benchmark: 100,000 rows (UTF-8, `;`, Russian header; 2 % in-file duplicates, 2 %
// broken rows) through POST /api/v1/clients/import, timed from the first byte sent to the job's
// completion, with the peak RSS of the server process (VmHWM) and its RSS sampled every 100 ms.
//   npm run build && node bench/clients/import.bench.js [rows]
const { readFileSync } = require('node:fs');
const { freshDatabase, startApp, login } = require('../lib');

const ROWS = Number(process.argv[2] || 100_000);

const phoneOf = (i) => `+79${String(100000000 + i * 7).slice(-9)}`;
const prevPhone = (i) => phoneOf(i - 1);

function csv(n) {
  const lines = ['ФИО;Телефон;Email;Паспорт;Дата рождения'];
  for (let i = 0; i < n; i++) {
    const phone = phoneOf(i);
    const series = String(1000 + (i % 9000));
    const number = String(100000 + Math.floor(i / 9) * 3).slice(-6);
    const date = `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.19${50 + (i % 50)}`;
    if (i % 50 === 1) lines.push(`Дубль Строки ${i};8${prevPhone(i).slice(2)};;;`);
    else if (i % 50 === 2) lines.push(`Битая Строка ${i};12345;not-an-email;;31.02.1990`);
    else lines.push(`Клиентов Клиент ${i};${phone};client${i}@example-mail.ru;${series} ${number};${date}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** CPU seconds (user + system) the process has used so far, from /proc (independent of other load). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function main() {
  const url = await freshDatabase('crm_bench_clients_import');
  // e.g. BENCH_NODE_OPTIONS=--max-old-space-size=192 to bound the server's heap
  // BULK_HEAP_GROWING_PERCENT=50 to try another heap growth policy during the import than the product's default (30)
  const app = await startApp(url, {
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...(process.env.HEAP_GROWING_PERCENT ? { HEAP_GROWING_PERCENT: process.env.HEAP_GROWING_PERCENT } : {}),
    ...(process.env.BULK_HEAP_GROWING_PERCENT
      ? { BULK_HEAP_GROWING_PERCENT: process.env.BULK_HEAP_GROWING_PERCENT }
      : {}),
  });
  try {
    const token = await login(app.base);
    const body = Buffer.from(csv(ROWS));
    const before = rssOf(app.child.pid);
    const cpuBefore = cpuOf(app.child.pid);
    let peak = before.rss;
    let heapPeak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(app.child.pid).rss);
    }, 100);
    const heapSampler = setInterval(async () => {
      try {
        const m = /^nodejs_heap_size_used_bytes (\d+)/m.exec(
          await (await fetch(`${app.base}/metrics`)).text(),
        );
        if (m) heapPeak = Math.max(heapPeak, Number(m[1]) / 1048576);
      } catch {
        /* ignore */
      }
    }, 1000);
    // BENCH_HEAP_SNAPSHOT_S=20 (with BENCH_NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2): a heap snapshot
    // of the server that many seconds into the import (written to the repository root)
    const snapshotAt = Number(process.env.BENCH_HEAP_SNAPSHOT_S || 0);
    const snapshot = snapshotAt > 0 ? setTimeout(() => app.child.kill('SIGUSR2'), snapshotAt * 1000) : null;
    const form = new FormData();
    form.append('file', new Blob([body], { type: 'text/csv' }), 'bench.csv');
    const started = process.hrtime.bigint();
    const res = await fetch(`${app.base}/api/v1/clients/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    let job = await res.json();
    const answeredMs = Number(process.hrtime.bigint() - started) / 1e6;
    while (job.status === 'processing') {
      await new Promise((r) => setTimeout(r, 250));
      job = await (
        await fetch(`${app.base}/api/v1/clients/import/${job.id}?limit=1`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
    }
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(sampler);
    clearInterval(heapSampler);
    if (snapshot) clearTimeout(snapshot);
    const after = rssOf(app.child.pid);
    const cpuSeconds = cpuOf(app.child.pid) - cpuBefore;
    console.log(
      JSON.stringify(
        {
          rows: ROWS,
          nodeOptions: process.env.BENCH_NODE_OPTIONS || null,
          heapGrowingPercent: process.env.HEAP_GROWING_PERCENT || 'default',
          bulkHeapGrowingPercent: process.env.BULK_HEAP_GROWING_PERCENT || 'default',
          bytes: body.length,
          http: res.status,
          status: job.status,
          totals: job.totals,
          answeredMs: Math.round(answeredMs),
          totalSeconds: +(totalMs / 1000).toFixed(1),
          rowsPerSecond: Math.round(ROWS / (totalMs / 1000)),
          // the server's own CPU time during the import (all its threads): comparable under load
          serverCpuSeconds: +cpuSeconds.toFixed(1),
          rssBeforeMiB: Math.round(before.rss),
          rssPeakSampledMiB: Math.round(peak),
          rssHighWaterMiB: Math.round(after.hwm),
          heapUsedPeakMiB: Math.round(heapPeak),
        },
        null,
        2,
      ),
    );
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
