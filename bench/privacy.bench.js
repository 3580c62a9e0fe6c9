'use strict';
// Privacy retention benchmark: 10,000 never-converted applications older than the retention
// period; the dry run counts them, the real run erases them (sealed contact + payload rewritten,
// text and attachments cleared, one act of destruction). Needs `npm run build` first.
//   npm run build && node bench/privacy.bench.js          # BENCH_SEED=10000
const { Client } = require('pg');
const { freshDatabase, startApp, login, load } = require('./lib');

const SEED = Number(process.env.BENCH_SEED || 10000);

async function main() {
  const url = await freshDatabase('crm_bench_privacy');
  const app = await startApp(url, { PRIVACY_JOB_INTERVAL_MS: '0' });
  try {
    const token = await login(app.base);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const agency = {
      legalName: 'ООО «Бенч Тур»',
      shortName: 'Бенч Тур',
      inn: '7707083893',
      kpp: '770701001',
      ogrn: '1027700132195',
      address: 'Москва',
      phone: '+7 495 000-00-00',
      email: 'b@example.ru',
      bankName: 'Банк',
      bik: '044525225',
      account: '40702810938000012345',
      corrAccount: '30101810400000000225',
      signatoryName: 'Иванов И. И.',
      signatoryPosition: 'Директор',
      vatNote: 'Без НДС (УСН)',
    };
    const put = await fetch(`${app.base}/api/v1/settings/agency`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify(agency),
    });
    if (!put.ok) throw new Error(`agency settings: ${put.status} ${await put.text()}`);
    let n = 0;
    const started = Date.now();
    await load('seed POST /applications', {
      url: `${app.base}/api/v1/applications`,
      method: 'POST',
      headers: auth,
      connections: 16,
      amount: SEED,
      requests: [
        {
          setupRequest: (req) => {
            n += 1;
            return {
              ...req,
              body: JSON.stringify({
                source: 'manual',
                text: `Старая заявка ${n}`,
                contact: { name: `Клиент ${n}`, phone: `+7 9${String(n).padStart(9, '0')}` },
              }),
            };
          },
        },
      ],
    });
    console.log(`seeded ${SEED} applications in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query(`UPDATE applications SET created_at = now() - interval '200 days'`);
    await db.end();

    const run = async (dryRun) => {
      const t0 = Date.now();
      const r = await fetch(`${app.base}/api/v1/privacy/retention/run`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ dryRun }),
      });
      const body = await r.json();
      console.log(
        JSON.stringify({ dryRun, status: r.status, ms: Date.now() - t0, applications: body.applications }),
      );
      return body;
    };
    const dry = await run(true);
    const real = await run(false);
    if (dry.applications !== real.applications) throw new Error('dry run and real run differ');
    const after = await run(true);
    console.log(`after the run, the dry run finds ${after.applications}`);
  } finally {
    await app.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
