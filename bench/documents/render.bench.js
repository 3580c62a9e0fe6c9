'use strict';
// PDF rendering benchmark: invoices/s through the worker-thread pool and the event-loop lag of
// the main thread meanwhile; then the same work on the main thread for comparison.
// Needs `npm run build` first.
//   npm run build && node bench/documents/render.bench.js [seconds=10] [workers=CPU count]
const { readFileSync } = require('node:fs');
const { availableParallelism } = require('node:os');
const { join, resolve } = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'modules', 'documents');
const { PdfmakeWorkerPoolRenderer } = require(
  join(DIST, 'infrastructure/pdf/pdfmake-worker-pool.renderer.js'),
);
const { renderPdf } = require(join(DIST, 'infrastructure/pdf/pdfmake-engine.js'));
const { renderTemplate } = require(join(DIST, 'domain/template-engine.js'));
const { sampleDocumentData } = require(join(DIST, 'domain/sample-document-data.js'));

const seconds = Number(process.argv[2] || 10);
const workers = Number(process.argv[3] || availableParallelism());
const template = JSON.parse(readFileSync(join(ROOT, 'templates', 'invoice.json'), 'utf8'));
const data = sampleDocumentData('invoice');
const job = () => ({
  definition: renderTemplate(template, data),
  createdAt: data.document.issuedAt,
  title: 'Счёт',
});

async function run(label, render, concurrency) {
  // warm-up: fonts parsed in every worker
  await Promise.all(Array.from({ length: concurrency }, () => render(job())));
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const pdf = await render(job());
        done += 1;
        bytes = pdf.length;
      }
    }),
  );
  lag.disable();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const ms = (ns) => (ns / 1e6).toFixed(1);
  return {
    scenario: label,
    'invoices/s': (done / elapsed).toFixed(1),
    rendered: done,
    'PDF bytes': bytes,
    'lag p50 ms': ms(lag.percentile(50)),
    'lag p99 ms': ms(lag.percentile(99)),
    'lag max ms': ms(lag.max),
    // no samples at all means the loop never got to its timers: lag ≈ the whole run
    'lag samples': lag.count,
  };
}

async function main() {
  const pool = new PdfmakeWorkerPoolRenderer({ documents: { renderWorkers: workers, linkTtlSeconds: 60 } });
  const rows = [];
  try {
    rows.push(await run(`pool of ${workers} workers`, (j) => pool.render(j), workers * 2));
  } finally {
    await pool.onModuleDestroy();
  }
  rows.push(await run('main thread (no pool)', (j) => renderPdf(j.definition, j.createdAt, j.title), 2));
  console.log(`| ${Object.keys(rows[0]).join(' | ')} |`);
  console.log(
    `|${Object.keys(rows[0])
      .map(() => '---')
      .join('|')}|`,
  );
  for (const r of rows) console.log(`| ${Object.values(r).join(' | ')} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
