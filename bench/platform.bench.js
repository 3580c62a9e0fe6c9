'use strict';
// Platform benchmark: GET /api/v1/auth/me (JWT check + user check + profile read) and one write,
// POST /api/v1/users (argon2id hash + insert + outbox event). The read is followed by its raw
// ceiling in the same run: the profile's SQL from a bare `pg` pool at the same concurrency.
// Needs `npm run build` first.
//   npm run build && node bench/platform.bench.js
const { freshDatabase, startApp, login, load, table, loadAverage, ceilingTable } = require('./lib');
const { rawLoad } = require('./orders/raw-ceiling');

const PROFILE_SQL = `SELECT id, email, full_name AS "fullName", role, active, created_at, updated_at, version
  FROM users WHERE id = $1 AND deleted_at IS NULL`;

async function main() {
  const url = await freshDatabase('crm_bench_platform');
  const app = await startApp(url);
  const rows = [];
  const pairs = [];
  try {
    const token = await login(app.base);
    const auth = { authorization: `Bearer ${token}` };
    // warm-up
    await load('warm-up GET /auth/me', {
      url: `${app.base}/api/v1/auth/me`,
      headers: auth,
      duration: 3,
      connections: 8,
    });
    const sub = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
    for (const connections of [32, 64]) {
      const la = loadAverage();
      const api = await load('GET /api/v1/auth/me', {
        url: `${app.base}/api/v1/auth/me`,
        headers: auth,
        connections,
      });
      const raw = await rawLoad(
        'raw pg: profile SQL',
        url,
        connections,
        Number(process.env.BENCH_DURATION) || 10,
        (c) => c.query(PROFILE_SQL, [sub]),
      );
      rows.push(api, raw);
      pairs.push({ scenario: 'GET /auth/me', api, raw, load: la });
    }
    let n = 0;
    for (const connections of [8, 32]) {
      rows.push(
        await load('POST /api/v1/users', {
          url: `${app.base}/api/v1/users`,
          method: 'POST',
          connections,
          headers: { ...auth, 'content-type': 'application/json' },
          requests: [
            {
              setupRequest: (req) => {
                n += 1;
                req.body = JSON.stringify({
                  email: `bench.${process.pid}.${n}@example-agency.ru`,
                  password: 'Bench-User-Passw0rd',
                  fullName: `Bench ${n}`,
                  role: 'operator',
                });
                return req;
              },
            },
          ],
        }),
      );
    }
  } finally {
    await app.stop();
  }
  console.log(`\n${table(rows)}\n`);
  console.log(ceilingTable(pairs));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
