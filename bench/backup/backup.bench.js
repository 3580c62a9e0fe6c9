'use strict';
// Backup and verify of a large installation: 100,000 clients (sealed personal data), 100,000
// orders with 10 services each (1,000,000 services), 100,000 payments, 10,000 stored files
// (~20 KiB each, local store), timed with /usr/bin/time (wall time and peak RSS of the largest
// process: node, pg_dump, pg_restore or age). Needs `npm run build` first.
//   node bench/backup/backup.bench.js            # seeds, then backs up and verifies
//   BENCH_SKIP_SEED=1 node bench/backup/backup.bench.js
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdirSync, writeFileSync, readdirSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { loadavg } = require('node:os');
const { Client } = require('pg');
const { freshDatabase } = require('../lib');

const ROOT = resolve(__dirname, '..', '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS || 100_000);
const ORDERS = Number(process.env.BENCH_ORDERS || 100_000);
const PER = Number(process.env.BENCH_SERVICES_PER_ORDER || 10);
const FILES = Number(process.env.BENCH_FILES || 10_000);
const WORK = process.env.BENCH_DIR || '/tmp/crm-bench-backup';
const KEY = Buffer.alloc(32, 5).toString('base64');

function run(cmd, args, env) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e s, maxrss %M KiB', cmd, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const time = /TIME ([\d.]+) s, maxrss (\d+) KiB/.exec(r.stderr);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}\n${r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  return { wall: Number(time[1]), rssMiB: Math.round(Number(time[2]) / 1024), lines };
}

async function seed(url, dataDir) {
  const { DataSource } = require(join(ROOT, 'node_modules/typeorm'));
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations: [join(ROOT, 'dist/migrations/*.js')],
    migrationsTableName: 'schema_migrations',
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  const db = new Client({ connectionString: url });
  await db.connect();
  let t = Date.now();
  // clients as the app stores them: personal data sealed (here random bytes of a realistic size)
  await db.query(`SET synchronous_commit = off`);
  // pseudo-random sealed values of ~200 bytes (md5 chains: incompressible like ciphertext)
  await db.query(
    `INSERT INTO clients (id, full_name, search_name, pii, key_id, created_at, updated_at)
     SELECT gen_random_uuid(), 'Клиент ' || i, 'клиент ' || i,
            'v1:k1:' || encode(decode(md5(i::text) || md5(i::text || 'a') || md5(i::text || 'b') || md5(i::text || 'c')
              || md5(i::text || 'd') || md5(i::text || 'e') || md5(i::text || 'f') || md5(i::text || 'g')
              || md5(i::text || 'h') || md5(i::text || 'i'), 'hex'), 'base64'),
            'k1', now(), now()
       FROM generate_series(1, $1) AS i`,
    [CLIENTS],
  );
  await db.query('CREATE TABLE bench_clients (id uuid PRIMARY KEY)');
  await db.query('INSERT INTO bench_clients SELECT id FROM clients');
  console.log(`seeded ${CLIENTS} clients in ${Date.now() - t} ms`);
  t = Date.now();
  const s = spawnSync(
    'psql',
    [
      url,
      '-q',
      '-v',
      `orders=${ORDERS}`,
      '-v',
      `per=${PER}`,
      '-v',
      `payments=${ORDERS}`,
      '-f',
      join(ROOT, 'bench/finance/seed.sql'),
    ],
    { encoding: 'utf8' },
  );
  if (s.status !== 0) throw new Error(`seed failed: ${s.stderr}`);
  await db.query('DROP TABLE bench_clients');
  console.log(`seeded orders, services, payments in ${Date.now() - t} ms:\n${s.stdout}`);
  await db.end();
  // the local object store: objects/<key> plus a JSON sidecar per object under meta/
  t = Date.now();
  for (let i = 0; i < FILES; i++) {
    const key = `clients/${String(i % 100).padStart(3, '0')}/${randomBytes(8).toString('hex')}.pdf`;
    const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(10_000 + (i % 20_000))]);
    const obj = join(dataDir, 'files/objects', key);
    const meta = join(dataDir, 'files/meta', `${key}.json`);
    mkdirSync(join(obj, '..'), { recursive: true });
    mkdirSync(join(meta, '..'), { recursive: true });
    writeFileSync(obj, body);
    writeFileSync(meta, JSON.stringify({ contentType: 'application/pdf', size: body.length }));
  }
  console.log(`wrote ${FILES} files in ${Date.now() - t} ms`);
}

async function main() {
  const dataDir = join(WORK, 'data');
  const name = 'crm_bench_backup';
  const url = process.env.BENCH_SKIP_SEED
    ? `postgres://postgres@127.0.0.1:5432/${name}`
    : await freshDatabase(name);
  if (!process.env.BENCH_SKIP_SEED) {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    await seed(url, dataDir);
  }
  rmSync(join(WORK, 'backup.key'), { force: true }); // age-keygen refuses to overwrite (BENCH_SKIP_SEED re-runs)
  const keygen = spawnSync('age-keygen', ['-o', join(WORK, 'backup.key')], { encoding: 'utf8' });
  const recipient = /age1\S+/.exec(keygen.stderr)[0];
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_ACCESS_SECRET: 'bench-access-secret-0123456789abcdef012345',
    JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef01234',
    DATA_ENCRYPTION_KEYS: `k1:${KEY}`,
    BACKUP_DIR: join(WORK, 'backups'),
    BACKUP_AGE_RECIPIENTS: recipient,
    BACKUP_AGE_IDENTITY_FILE: join(WORK, 'backup.key'),
  };
  rmSync(env.BACKUP_DIR, { recursive: true, force: true });
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const before = load();
  const b = run('node', ['dist/cli.js', 'backup'], env);
  const dir = b.lines.at(-1);
  console.log(
    JSON.stringify({
      op: 'backup',
      wall: b.wall,
      rssMiB: b.rssMiB,
      summary: b.lines.at(-2),
      load: `${before} → ${load()}`,
    }),
  );
  const before2 = load();
  const v = run('node', ['dist/cli.js', 'backup:verify', dir], env);
  console.log(
    JSON.stringify({
      op: 'verify',
      wall: v.wall,
      rssMiB: v.rssMiB,
      summary: v.lines.at(-1),
      load: `${before2} → ${load()}`,
    }),
  );
  // backup:verify logs each phase's wall time ("phase database restored: 42.0 s", …)
  for (const line of v.lines.filter((l) => /^phase /.test(l))) console.log(`  verify ${line}`);
  console.log(readdirSync(dir).join(', '));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
