'use strict';
// Telegram webhook benchmark: how fast the webhook acknowledges (secret check, sealed insert
// with dedupe, 200) with unique and with repeated update ids, and how fast the background
// worker drains what was stored (translate, consent reply queued, reply sent to a minimal fake
// Bot API on loopback). Needs `npm run build` first.
//   npm run build && node bench/telegram.bench.js
const http = require('node:http');
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

/** The smallest Bot API: answers everything with ok, counts sendMessage, keeps the webhook secret. */
function fakeBotApi() {
  let sent = 0;
  let secret = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const method = (req.url || '').split('/').pop();
      if (method === 'sendMessage') sent += 1;
      if (method === 'setWebhook') secret = JSON.parse(body).secret_token;
      const result =
        method === 'getMe'
          ? { id: 1, is_bot: true, first_name: 'bench', username: 'bench_bot' }
          : method === 'sendMessage'
            ? { message_id: sent, date: 0, chat: { id: 1, type: 'private' } }
            : true;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({
        url: `http://127.0.0.1:${server.address().port}`,
        sent: () => sent,
        secret: () => secret,
        close: () => server.close(),
      }),
    ),
  );
}

async function main() {
  const fake = await fakeBotApi();
  const name = 'crm_bench_telegram';
  const url = await freshDatabase(name);
  const app = await startApp(url, {
    TELEGRAM_API_ROOT: fake.url,
    ADMIN_PASSWORD,
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  });
  const rows = [];
  let ceilingAtRate;
  try {
    const token = await login(app.base);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const add = await (
      await fetch(`${app.base}/api/v1/settings/integrations/add`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          type: 'telegram',
          purpose: 'sales',
          botName: 'bench_bot',
          apiToken: '1234567:AAbenchbenchbenchbenchbenchbenchbe',
          adminPassword: ADMIN_PASSWORD,
        }),
      })
    ).json();
    await fetch(`${app.base}/api/v1/settings/integrations/activate`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id: add.id, active: true }),
    });
    const hook = `${app.base}/api/v1/integrations/telegram/${add.id}/webhook`;
    const webhookSecret = fake.secret();
    if (!webhookSecret) throw new Error('activation did not set a webhook');
    let n = 0;
    const update = () => {
      n += 1;
      return JSON.stringify({
        update_id: n,
        message: {
          message_id: n,
          date: 0,
          chat: { id: 1000 + (n % 500), type: 'private' },
          from: { id: 1000 + (n % 500), is_bot: false, first_name: 'Bench' },
          text: 'Хотим в Париж',
        },
      });
    };
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret };
    const started = Date.now();
    rows.push(
      await load('POST webhook, unique update_id', {
        url: hook,
        method: 'POST',
        headers,
        connections: 16,
        duration: 5,
        requests: [{ setupRequest: (req) => ({ ...req, body: update() }) }],
      }),
    );
    const stored = n;
    rows.push(
      await load('POST webhook, the same update again (dedupe)', {
        url: hook,
        method: 'POST',
        headers,
        connections: 16,
        duration: 5,
        body: JSON.stringify({
          update_id: 1,
          message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' } },
        }),
      }),
    );
    // the worker drains in the background: wait until every stored update is processed
    const q = new Client({ connectionString: dbUrl(name) });
    await q.connect();
    for (;;) {
      const r = await q.query(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM inbound_messages`,
      );
      if (r.rows[0].pending === 0) break;
      await new Promise((r2) => setTimeout(r2, 200));
    }
    const drained = (Date.now() - started) / 1000;
    for (;;) {
      const r = await q.query(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM telegram_outgoing`,
      );
      if (r.rows[0].pending === 0) break;
      await new Promise((r2) => setTimeout(r2, 200));
    }
    const sentBy = (Date.now() - started) / 1000;
    await q.end();
    // the raw ceiling in the same run, once the app is idle (see bench/webhook-ceiling.js)
    const ceiling = await startCeiling({
      mode: 'telegram',
      secret: webhookSecret,
      integrationId: add.id,
      databaseUrl: dbUrl(name),
    });
    try {
      rows.push(
        await load('raw ceiling: node:http + secret check + seal + one INSERT', {
          url: `${ceiling.base}/`,
          method: 'POST',
          headers,
          connections: 16,
          duration: 5,
          requests: [{ setupRequest: (req) => ({ ...req, body: update() }) }],
        }),
      );
      ceilingAtRate = await paced('raw ceiling at a fixed rate', {
        url: `${ceiling.base}/`,
        rate: RATE,
        request: () => ({ headers, body: update() }),
      });
    } finally {
      await ceiling.stop();
    }
    console.log(
      `ratio API / raw ceiling (unique update_id, 16 connections): ${Math.round((100 * rows[0].rps) / rows.at(-1).rps)} % ` +
        `(${rows[0].rps} vs ${rows.at(-1).rps} req/s; p99 ${rows[0].p99} vs ${rows.at(-1).p99} ms); load average ${require('node:os')
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    console.log(
      `stored ~${stored} updates; all processed after ${drained.toFixed(1)} s, all ${fake.sent()} replies sent after ${sentBy.toFixed(1)} s (from the start of the first run)`,
    );
    // the goal as a service level: RATE updates a second offered at a steady pace (open loop),
    // every one acknowledged, p99 ≤ 50 ms; the worker turns them into applications meanwhile
    const apiAtRate = await paced('POST webhook at a fixed rate, unique update_id', {
      url: hook,
      rate: RATE,
      request: () => ({ headers, body: update() }),
    });
    rows.push(apiAtRate, ceilingAtRate);
    console.log(rateGoal(apiAtRate, RATE));
    console.log(
      `(the raw ceiling at the same pace: p99 ${ceilingAtRate.p99} ms, ${ceilingAtRate.rps} req/s answered${diskNote(ceilingAtRate)})`,
    );
  } finally {
    await app.stop();
    fake.close();
  }
  console.log(table(rows));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
