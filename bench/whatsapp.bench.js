'use strict';
// WhatsApp webhook benchmark: how fast POST /api/v1/integrations/whatsapp/{id}/webhook acknowledges
// a signed delivery (HMAC-SHA256 over the raw body in constant time, one sealed insert per wamid,
// 200), and how fast the inbound worker turns the stored messages into applications (consent
// already given, so each message creates or joins an application and queues the reply that a
// minimal fake Graph API on loopback receives). Needs `npm run build` first.
//   npm run build && node bench/whatsapp.bench.js
const http = require('node:http');
const os = require('node:os');
const { createHmac } = require('node:crypto');
const { Client } = require('pg');
const {
  freshDatabase,
  startApp,
  login,
  load,
  paced,
  diskNote,
  rateGoal,
  WEBHOOK_RATE: RATE,
  table,
  dbUrl,
  ADMIN_PASSWORD,
} = require('./lib');
const { startCeiling } = require('./webhook-ceiling');

const VERSION = 'v21.0';
const ACCESS_TOKEN = `EAAGbench${'x'.repeat(60)}`;
const APP_SECRET = 'bench-app-secret-0123456789';
const PHONE_NUMBER_ID = '106540352242922';
const SENDERS = 500;

/** The smallest Graph API: the number exists, every message is accepted with a wamid. */
function fakeGraph() {
  let sent = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.method === 'POST') {
        sent += 1;
        res.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${sent}` }] }));
      } else res.end(JSON.stringify({ id: PHONE_NUMBER_ID, display_phone_number: '+7 900 000-00-00' }));
    });
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ url: `http://127.0.0.1:${server.address().port}`, sent: () => sent, close: () => server.close() }),
    ),
  );
}

/** Meta escapes non-ASCII as \uXXXX and signs those bytes. */
const metaJson = (v) =>
  JSON.stringify(v).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
const sign = (raw) => `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;

let seq = 0;
function delivery(message) {
  seq += 1;
  const from = String(79160000000 + (seq % SENDERS));
  return metaJson({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '79000000000', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: 'Ольга' }, wa_id: from }],
              messages: [
                { id: `wamid.B${seq}`, from, timestamp: String(Math.floor(Date.now() / 1000)), ...message },
              ],
            },
          },
        ],
      },
    ],
  });
}

async function waitDrained(q) {
  for (;;) {
    const r = await q.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM inbound_messages`,
    );
    if (r.rows[0].pending === 0) return;
    await new Promise((r2) => setTimeout(r2, 200));
  }
}

async function main() {
  const fake = await fakeGraph();
  const name = 'crm_bench_whatsapp';
  const url = await freshDatabase(name);
  const app = await startApp(url, {
    WHATSAPP_GRAPH_API_ROOT: fake.url,
    WHATSAPP_GRAPH_API_VERSION: VERSION,
    ADMIN_PASSWORD,
    // BENCH_NODE_OPTIONS for NODE_OPTIONS (e.g. --max-old-space-size=256); a CPU profile: BENCH_NODE_ARGS (bench/lib.js)
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  });
  const rows = [];
  let ceilingAtRate;
  const q = new Client({ connectionString: dbUrl(name) });
  await q.connect();
  try {
    const token = await login(app.base);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const add = await (
      await fetch(`${app.base}/api/v1/settings/integrations/add`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          type: 'whatsapp',
          purpose: 'sales',
          botName: 'Бенчмарк',
          phoneNumberId: PHONE_NUMBER_ID,
          accessToken: ACCESS_TOKEN,
          appSecret: APP_SECRET,
          verifyToken: 'bench-verify-token',
          adminPassword: ADMIN_PASSWORD,
        }),
      })
    ).json();
    await fetch(`${app.base}/api/v1/settings/integrations/activate`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id: add.id, active: true }),
    });
    const hook = `${app.base}/api/v1/integrations/whatsapp/${add.id}/webhook`;
    // every sender consents first (not measured), so the measured messages become applications
    for (let i = 0; i < SENDERS; i += 1) {
      const raw = delivery({
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'consent:yes', title: 'Согласен' } },
      });
      await fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
        body: raw,
      });
    }
    await waitDrained(q);
    const before = (await q.query(`SELECT count(*)::int AS n FROM inbound_messages`)).rows[0].n;
    const started = Date.now();
    const text = () => delivery({ type: 'text', text: { body: 'Хотим в Стамбул 🇹🇷 на майские' } });
    /** A new text delivery with its signature, as `paced()` sends it. */
    const signedText = () => {
      const raw = text();
      return { body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) } };
    };
    rows.push(
      await load('POST webhook, signed, new wamid each', {
        url: hook,
        method: 'POST',
        connections: 16,
        duration: 10,
        requests: [
          {
            setupRequest: (req) => {
              const raw = text();
              return {
                ...req,
                body: raw,
                headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
              };
            },
          },
        ],
      }),
    );
    const loadEnded = Date.now();
    const stored = (await q.query(`SELECT count(*)::int AS n FROM inbound_messages`)).rows[0].n - before;
    const pendingAtEnd = (
      await q.query(`SELECT count(*) FILTER (WHERE status = 'pending')::int AS n FROM inbound_messages`)
    ).rows[0].n;
    const dup = delivery({ type: 'text', text: { body: 'Дубль' } });
    rows.push(
      await load('POST webhook, the same delivery again (dedupe)', {
        url: hook,
        method: 'POST',
        connections: 16,
        duration: 5,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(dup) },
        body: dup,
      }),
    );
    const bad = text();
    rows.push(
      await load('POST webhook, wrong signature (401)', {
        url: hook,
        method: 'POST',
        connections: 16,
        duration: 5,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(`${bad} `) },
        body: bad,
      }),
    );
    await waitDrained(q);
    const drained = (Date.now() - started) / 1000;
    // the raw ceiling in the same run, once the app is idle: a bare node:http server doing the
    // same irreducible work (HMAC over the raw bytes, JSON.parse, AES-GCM seal, one INSERT … ON
    // CONFLICT DO NOTHING on a pool of the same size), autocannon with the same deliveries
    const ceiling = await startCeiling({
      mode: 'whatsapp',
      secret: APP_SECRET,
      integrationId: add.id,
      databaseUrl: dbUrl(name),
    });
    try {
      rows.push(
        await load('raw ceiling: node:http + HMAC + seal + one INSERT', {
          url: `${ceiling.base}/`,
          method: 'POST',
          connections: 16,
          duration: 10,
          requests: [
            {
              setupRequest: (req) => {
                const raw = text();
                return {
                  ...req,
                  body: raw,
                  headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
                };
              },
            },
          ],
        }),
      );
      ceilingAtRate = await paced('raw ceiling at a fixed rate', {
        url: `${ceiling.base}/`,
        rate: RATE,
        request: signedText,
      });
    } finally {
      await ceiling.stop();
    }
    const api = rows[0];
    const raw = rows.at(-1);
    console.log(
      `ratio API / raw ceiling (new wamid each, 16 connections): ${Math.round((100 * api.rps) / raw.rps)} % ` +
        `(${api.rps} vs ${raw.rps} req/s; p99 ${api.p99} vs ${raw.p99} ms)`,
    );
    const processedDuringLoad = stored - pendingAtEnd;
    const apps = (await q.query(`SELECT count(*)::int AS n FROM applications WHERE source = 'whatsapp'`))
      .rows[0].n;
    console.log(
      `stored ${stored} messages in the first run (${pendingAtEnd} still pending when it ended, ${processedDuringLoad} processed meanwhile); ` +
        `all processed ${drained.toFixed(1)} s after its start: ${(stored / drained).toFixed(1)} messages/s drain; ${apps} applications; ` +
        `${fake.sent()} replies sent; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; ` +
        `first run ${((loadEnded - started) / 1000).toFixed(1)} s`,
    );
    // the goal as a service level: RATE deliveries a second offered at a steady pace (open loop),
    // every one acknowledged, p99 ≤ 50 ms; the inbound worker turns them into applications meanwhile
    const apiAtRate = await paced('POST webhook at a fixed rate, signed, new wamid each', {
      url: hook,
      rate: RATE,
      request: signedText,
    });
    rows.push(apiAtRate, ceilingAtRate);
    console.log(rateGoal(apiAtRate, RATE));
    console.log(
      `(the raw ceiling at the same pace: p99 ${ceilingAtRate.p99} ms, ${ceilingAtRate.rps} req/s answered${diskNote(ceilingAtRate)})`,
    );
  } finally {
    await q.end();
    await app.stop();
    fake.close();
  }
  console.log(table(rows));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
