'use strict';
// The raw ceiling of a webhook acknowledgement: a bare node:http server (no framework, no
// middleware, no auth, no logging) that does the irreducible work of one delivery — read the
// body, check the signature (WhatsApp: HMAC-SHA256 of the raw bytes; Telegram: the secret
// header) in constant time, parse the JSON, seal it with AES-256-GCM and run one
// `INSERT … ON CONFLICT DO NOTHING` on a pg pool of the app's size — into a scratch copy of
// `inbound_messages` (same columns and indexes), so the app's worker never sees these rows.
// Run as a child by the webhook benches:
//   CEILING_MODE=whatsapp|telegram CEILING_SECRET=… CEILING_INTEGRATION=<uuid> DATABASE_URL=… node bench/webhook-ceiling.js
const http = require('node:http');
const { spawn } = require('node:child_process');
const { createCipheriv, createHmac, randomBytes, randomUUID, timingSafeEqual } = require('node:crypto');
const { Pool } = require('pg');
const { backendsGone } = require('./lib');

const MODE = process.env.CEILING_MODE;
const SECRET = process.env.CEILING_SECRET;
const INTEGRATION = process.env.CEILING_INTEGRATION;
const KEY = randomBytes(32);
let pool;

function seal(text, aad) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', KEY, iv);
  c.setAAD(Buffer.from(aad));
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return `v1:k1:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

function equal(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SQL = `INSERT INTO bench_ceiling_messages (id, channel, integration_id, provider_message_id, thread_hash, body, key_id, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'k1', now())
             ON CONFLICT (integration_id, provider_message_id) DO NOTHING`;

function serve() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        let ok;
        if (MODE === 'whatsapp') {
          const sig = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
          ok = equal(String(req.headers['x-hub-signature-256'] || ''), sig);
        } else {
          ok = equal(String(req.headers['x-telegram-bot-api-secret-token'] || ''), SECRET);
        }
        if (!ok) {
          res.writeHead(401).end();
          return;
        }
        const body = JSON.parse(raw.toString('utf8'));
        const providerId =
          MODE === 'whatsapp' ? body.entry[0].changes[0].value.messages[0].id : String(body.update_id);
        const id = randomUUID();
        await pool.query(SQL, [id, MODE, INTEGRATION, providerId, null, seal(JSON.stringify(body), id)]);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  });

  pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DB_POOL_MAX || 20),
    application_name: CEILING_APPLICATION,
  });
  pool
    .query(
      `CREATE TABLE IF NOT EXISTS bench_ceiling_messages (LIKE inbound_messages INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING CONSTRAINTS)`,
    )
    .then(() => pool.query(`TRUNCATE bench_ceiling_messages`))
    .then(() =>
      server.listen(0, '127.0.0.1', () => {
        console.log(`listening ${server.address().port}`);
      }),
    )
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

const CEILING_APPLICATION = 'bench-webhook-ceiling';

/** Starts the ceiling as a child process (like the app); resolves with its base URL and a stop(). */
function startCeiling({ mode, secret, integrationId, databaseUrl }) {
  const child = spawn(process.execPath, [__filename], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      CEILING_MODE: mode,
      CEILING_SECRET: secret,
      CEILING_INTEGRATION: integrationId,
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: process.env.DB_POOL_MAX || '20',
    },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`ceiling exited ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m)
        resolve({
          base: `http://127.0.0.1:${m[1]}`,
          // resolves once the ceiling's database connections are gone too (bench/lib.js backendsGone)
          stop: () =>
            new Promise((r) => {
              child.removeAllListeners('exit');
              child.once('exit', r);
              child.kill('SIGTERM');
            }).then(() => backendsGone(CEILING_APPLICATION)),
        });
    });
  });
}

if (require.main === module) serve();
module.exports = { startCeiling };
