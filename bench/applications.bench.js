'use strict';
// Applications benchmark: create (seal contact + payload, blind-index lookup of the contact,
// insert + outbox event), list with a filter (decrypt + mask 50 rows), one full read, and the
// public web form. Seeds a few thousand applications first. Needs `npm run build` first.
//   npm run build && node bench/applications.bench.js
const { freshDatabase, startApp, login, load, table } = require('./lib');

const SEED = Number(process.env.BENCH_SEED || 3000);
const phone = (n) => `+7 9${String(n).padStart(9, '0').slice(-9)}`;

async function main() {
  const url = await freshDatabase('crm_bench_applications');
  // a limit the load cannot reach: the form is measured, not the limiter's 429s
  const app = await startApp(url, { INTAKE_RATE_LIMIT_PER_MINUTE: '100000' });
  const rows = [];
  try {
    const token = await login(app.base);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let n = 0;
    const createBody = () => {
      n += 1;
      return JSON.stringify({
        source: ['telegram', 'whatsapp', 'email', 'web', 'manual'][n % 5],
        text: `Хотим в Париж на неделю, заявка ${n}`,
        contact: { name: `Клиент ${n}`, phone: phone(n), email: `c${n}@example-mail.ru` },
        payload: { update_id: n, message: { text: 'Хотим в Париж', chat: { id: n } } },
      });
    };
    const started = Date.now();
    await load('seed POST /applications', {
      url: `${app.base}/api/v1/applications`,
      method: 'POST',
      headers: auth,
      connections: 16,
      amount: SEED,
      requests: [{ setupRequest: (req) => ({ ...req, body: createBody() }) }],
    });
    console.log(`seeded ${SEED} applications in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const list = await (await fetch(`${app.base}/api/v1/applications?limit=1`, { headers: auth })).json();
    const oneId = list.items[0].id;

    rows.push(
      await load('POST /api/v1/applications', {
        url: `${app.base}/api/v1/applications`,
        method: 'POST',
        headers: auth,
        connections: 16,
        duration: 5,
        requests: [{ setupRequest: (req) => ({ ...req, body: createBody() }) }],
      }),
    );
    rows.push(
      await load('GET /api/v1/applications?status=new&source=telegram&limit=50', {
        url: `${app.base}/api/v1/applications?status=new&source=telegram&limit=50`,
        headers: auth,
        connections: 32,
        duration: 5,
      }),
    );
    rows.push(
      await load('GET /api/v1/applications/{id}', {
        url: `${app.base}/api/v1/applications/${oneId}`,
        headers: auth,
        connections: 32,
        duration: 5,
      }),
    );
    rows.push(
      await load('POST /api/v1/intake/web', {
        url: `${app.base}/api/v1/intake/web`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: 16,
        duration: 5,
        requests: [
          {
            setupRequest: (req) => {
              n += 1;
              return {
                ...req,
                body: JSON.stringify({
                  name: `Гость ${n}`,
                  phone: phone(n),
                  message: 'Турция в мае',
                  consent: true,
                }),
              };
            },
          },
        ],
      }),
    );
  } finally {
    await app.stop();
  }
  console.log(`\n${table(rows)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
