'use strict';
// Platform benchmark: GET /api/v1/auth/me (JWT check + user lookup) and one write,
// POST /api/v1/users (argon2id hash + insert + outbox event). Needs `npm run build` first.
//   npm run build && node bench/platform.bench.js
const { freshDatabase, startApp, login, load, table } = require('./lib');

async function main() {
  const url = await freshDatabase('crm_bench_platform');
  const app = await startApp(url);
  const rows = [];
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
    for (const connections of [32, 64]) {
      rows.push(
        await load('GET /api/v1/auth/me', { url: `${app.base}/api/v1/auth/me`, headers: auth, connections }),
      );
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
  console.log(`\n${table(rows)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
