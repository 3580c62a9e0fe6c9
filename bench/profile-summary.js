'use strict';
// Summarises a V8 CPU profile (`node --cpu-prof`, a .cpuprofile file) into the top frames by
// self and total share, and the share of time by layer (the HTTP framework — Fastify now, Express
// and its middleware in the profiles before 2026-12-02 —, Nest, the pg driver, the app's own code, Node internals, GC, idle).
//   node bench/profile-summary.js path/to/file.cpuprofile [top=25] [fromUs-toUs]
// Total share counts a sample once per function on its stack (recursion is not double-counted).
const { readFileSync } = require('node:fs');

const LAYERS = [
  // the order matters: the first match wins
  [
    'fastify',
    /node_modules\/(fastify|@fastify\/[\w-]+|find-my-way|avvio|light-my-request|fast-querystring|fast-json-stringify|secure-json-parse|toad-cache|process-warning|abstract-logging|@nestjs\/platform-fastify)\//,
  ],
  [
    'express',
    /node_modules\/(express|router|body-parser|finalhandler|send|serve-static|on-finished|raw-body|type-is|content-type|accepts|negotiator|qs|path-to-regexp|parseurl|proxy-addr|fresh|etag|cookie|vary|depd|media-typer|mime-types|http-errors|encodeurl|escape-html|merge-descriptors|@nestjs\/platform-express)\//,
  ],
  ['nest', /node_modules\/@nestjs\//],
  [
    'passport/jwt',
    /node_modules\/(passport|passport-jwt|passport-strategy|jsonwebtoken|jws|jwa|@nestjs\/passport)\//,
  ],
  ['validation', /node_modules\/(class-validator|class-transformer|validator)\//],
  ['rxjs', /node_modules\/rxjs\//],
  ['pg driver', /node_modules\/(pg|pg-pool|pg-protocol|pg-types|postgres-\w+|pgpass)\//],
  ['typeorm', /node_modules\/typeorm\//],
  [
    'logging',
    /node_modules\/(winston|logform|triple-beam|readable-stream|winston-transport|@colors|fecha|safe-stable-stringify)\//,
  ],
  ['other deps', /node_modules\//],
  ['app', /\/dist\/|\/src\//],
  [
    'node internals',
    /^node:|^internal\/|^(?:events|net|http|_http_\w+|stream|buffer|timers|crypto|zlib|util)\b/,
  ],
];

function layerOf(frame) {
  const { functionName, url } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return '(program)';
  if (!url) return 'native/builtin';
  for (const [name, re] of LAYERS) if (re.test(url)) return name;
  return 'other';
}

function shortUrl(url) {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const d = url.search(/\/(dist|src)\//);
  return d >= 0 ? url.slice(d + 1) : url.replace(/^file:\/\//, '');
}

/**
 * `window` ({ fromUs, toUs } on the profile's clock: CLOCK_MONOTONIC in microseconds, the same as
 * `process.hrtime.bigint() / 1000n` in any process of this machine) keeps only the samples taken
 * under load, leaving out start-up (module loading) and shutdown.
 */
function summarise(profile, top = 25, window = undefined) {
  const byId = new Map();
  const parent = new Map();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const key = (f) => `${f.functionName || '(anonymous)'} ${shortUrl(f.url || '')}:${f.lineNumber + 1}`;
  const self = new Map();
  const total = new Map();
  const layerSelf = new Map();
  const layerTotal = new Map();
  let all = 0;
  let idle = 0;
  const { samples, timeDeltas } = profile;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    all += dt;
    const node = byId.get(samples[i]);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') idle += dt;
    const k = key(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const l = layerOf(node.callFrame);
    layerSelf.set(l, (layerSelf.get(l) ?? 0) + dt);
    const seen = new Set();
    const seenLayers = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (f.functionName === '(root)') break;
      const fk = key(f);
      if (!seen.has(fk)) {
        seen.add(fk);
        total.set(fk, (total.get(fk) ?? 0) + dt);
      }
      const fl = layerOf(f);
      if (!seenLayers.has(fl)) {
        seenLayers.add(fl);
        layerTotal.set(fl, (layerTotal.get(fl) ?? 0) + dt);
      }
    }
  }
  const busy = all - idle;
  const pct = (v) => `${((100 * v) / busy).toFixed(1)} %`;
  const lines = [];
  lines.push(
    `profile: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)`,
  );
  lines.push('');
  lines.push('| layer | self | total (on stack) |');
  lines.push('|---|---|---|');
  for (const [l, v] of [...layerSelf].filter(([l]) => l !== 'idle').sort((a, b) => b[1] - a[1]))
    lines.push(`| ${l} | ${pct(v)} | ${pct(layerTotal.get(l) ?? v)} |`);
  lines.push('');
  lines.push(`| top frames by self time | self |`);
  lines.push('|---|---|');
  for (const [k, v] of [...self]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    lines.push(`| \`${k}\` | ${pct(v)} |`);
  lines.push('');
  lines.push(`| top frames by total time | total |`);
  lines.push('|---|---|');
  for (const [k, v] of [...total]
    .filter(([k]) => !/^\((idle|program|garbage collector)\)/.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    lines.push(`| \`${k}\` | ${pct(v)} |`);
  return lines.join('\n');
}

/**
 * A sampling heap profile (bench/alloc-sampler.js) as bytes allocated per request: in total, and
 * by allocating function (self) and by function on the stack (total), the `top` of each.
 */
function summariseAllocations(profile, requests, top = 25) {
  const self = new Map();
  const total = new Map();
  let all = 0;
  const name = (f) => `\`${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}\``;
  const walk = (node, onStack) => {
    const key = name(node.callFrame);
    const stack = new Set(onStack).add(key);
    all += node.selfSize;
    self.set(key, (self.get(key) ?? 0) + node.selfSize);
    for (const f of stack) total.set(f, (total.get(f) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, stack);
  };
  walk(profile.head, new Set());
  const kb = (bytes) => (bytes / requests / 1024).toFixed(1);
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `| ${k} | ${kb(v)} |`)
      .join('\n');
  return [
    `allocated: ${(all / 1024 / 1024).toFixed(1)} MiB over ${requests} requests, **${kb(all)} KB per request**`,
    '',
    '| allocating function (self) | KB per request |',
    '|---|---|',
    rows(self),
    '',
    '| function on the stack (total) | KB per request |',
    '|---|---|',
    rows(total),
  ].join('\n');
}

module.exports = { summarise, summariseAllocations };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/profile-summary.js file.cpuprofile [top]');
    process.exit(2);
  }
  const [from, to] = (process.argv[4] ?? '').split('-').map(Number);
  const window = from && to ? { fromUs: from, toUs: to } : undefined;
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')), Number(process.argv[3]) || 25, window));
}
