import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { CrmClient } from '../../client';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FOREIGN_TIMELINE_EVENTS,
  TIMELINE_PROJECTION_VERSION,
} from '../../src/modules/timeline/domain/timeline-entry';
import { dbRows } from '../support/clients';
import { assertTestServer, type TestDatabase, urlFor, withAdmin } from '../support/database';
import { eventually, startTestApp, testEnv, type TestApp } from '../support/test-app';

/**
 * Issue 13, "an existing database created before the change": a database made by the code of
 * 918a285 (before versioned event contracts, the unified canonical JSON and the timeline module)
 * is restored, migrated by today's app on start, and must still verify its audit chain, show the
 * order timeline in today's words without a manual step (the start-up rebuild of an unversioned
 * projection) and rebuild exactly that timeline. The fixture is a real dump of that code's database, made by
 * test/fixtures/pre-contracts-918a285.generate.mjs (see test/fixtures/README.md).
 */
const FIXTURE = join(__dirname, '..', 'fixtures', 'pre-contracts-918a285.sql');
/** The order the generator marks with this note: seven services of six types, payments, documents. */
const FIXTURE_NOTE = 'FIXTURE-918A285 VIP';

interface TimelineRow {
  event_id: string;
  order_id: string;
  seq: string;
  ts: Date;
  kind: string;
  actor_user_id: string | null;
  actor_role: string;
  summary: string;
  payload: Record<string, unknown>;
}
const SELECT_TIMELINE = `SELECT event_id, order_id, seq::text, ts, kind, actor_user_id, actor_role, summary, payload
                           FROM order_timeline ORDER BY order_timeline.seq`;

async function restoredFixture(): Promise<TestDatabase> {
  assertTestServer();
  const name = `crm_test_upgrade_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = urlFor(name);
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', FIXTURE], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`restoring the fixture failed: ${r.stderr}`);
  return {
    name,
    url,
    drop: () =>
      withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/** What identifies a timeline row: the event, its order, place, time and actor. */
const identity = (r: TimelineRow) => [
  r.event_id,
  r.order_id,
  r.seq,
  r.ts.toISOString(),
  r.kind,
  r.actor_user_id,
  r.actor_role,
];

const SERVICE_EVENTS = new Set(['orders.service-added', 'orders.service-updated', 'orders.service-removed']);

/**
 * The payload an old (unversioned) stored event must have once upcast to contract v1, written out
 * here rather than taken from the upcaster tables: v1 adds `v`, the order's `facts` (unknown, null)
 * and, for service events, the service snapshot (unknown, null); other modules' events add `v` only.
 */
function upcastByHand(kind: string, old: Record<string, unknown>): Record<string, unknown> {
  if (!kind.startsWith('orders.')) return { ...old, v: 1 };
  return SERVICE_EVENTS.has(kind)
    ? { ...old, v: 1, facts: null, service: null }
    : { ...old, v: 1, facts: null };
}

/**
 * A service summary without the words today's code changed on purpose (the type's noun comes from
 * the one label table, issue 13, and the itinerary gained its dates in the place's time, issue 12):
 * what stays is the verb, the route and the forced marker.
 * `Добавлена услуга: авиаперелёт Москва → Париж, 01.06.2027 10:00 → … (Париж) — несмотря на…`
 *   → `Добавлена услуга: · Москва → Париж — несмотря на…`
 */
function serviceGist(summary: string): string {
  return summary
    .replace(/, \d\d\.\d\d\.\d{4} \d\d:\d\d( \([^)]+\))?( → \d\d\.\d\d\.\d{4} \d\d:\d\d( \([^)]+\))?)?/, '')
    .replace(
      /^(Добавлена услуга: |Удалена услуга: |Изменена услуга \()(авиаперелёт|перелёт|ж\/д билеты|поезд|проживание|гостиница|трансфер|экскурсия|прочая услуга)/,
      '$1·',
    );
}

describe('upgrade from a database made by 918a285 (e2e)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let operator: CrmClient;
  /** The order_timeline rows as the old code's projection wrote them, read before today's app starts. */
  let oldRows: TimelineRow[];
  let oldAuditCount: number;
  let oldAudit: Array<{ seq: string; hash: string; prev_hash: string }>;
  let oldMigrations: number;
  let orderId: string;
  let survivorName: string;
  /** Events the old app had claimed but not delivered when it was killed (the fixture's second step). */
  let inFlight: Array<{ id: string; seq: string; name: string; payload: Record<string, unknown> }>;

  beforeAll(async () => {
    db = await restoredFixture();
    oldRows = await dbRows<TimelineRow>(db.url, SELECT_TIMELINE);
    oldAudit = await dbRows(
      db.url,
      `SELECT seq::text, hash, prev_hash FROM audit_log ORDER BY audit_log.seq`,
    );
    oldAuditCount = oldAudit.length;
    [{ n: oldMigrations }] = await dbRows<{ n: number }>(
      db.url,
      `SELECT count(*)::int AS n FROM schema_migrations`,
    );
    [{ id: orderId }] = await dbRows<{ id: string }>(db.url, `SELECT id FROM orders WHERE note = $1`, [
      FIXTURE_NOTE,
    ]);
    inFlight = await dbRows(
      db.url,
      `SELECT id, seq::text, name, payload FROM outbox WHERE status = 'pending' ORDER BY outbox.seq`,
    );
    // today's app on the old database: its start runs today's migrations forward
    t = await startTestApp({ db });
    operator = (await t.userClient('operator')).client;
    const order = (await operator.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } })).data!;
    survivorName = order.payerName!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const timeline = async () =>
    (
      await operator.GET('/api/v1/orders/{id}/timeline', {
        params: { path: { id: orderId }, query: { limit: 200 } },
      })
    ).data!;

  it('starts on a real pre-contracts database and migrates it forward', async () => {
    const migrationFiles = readdirSync(join(__dirname, '..', '..', 'migrations')).filter((f) =>
      f.endsWith('.ts'),
    );
    const [{ n }] = await dbRows<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM schema_migrations`);
    expect(oldMigrations).toBeLessThan(migrationFiles.length);
    expect(n).toBe(migrationFiles.length);
    // the old code stored payloads without a contract version, and its projection filled the timeline
    const unversioned = await dbRows<{ name: string }>(
      db.url,
      `SELECT DISTINCT name FROM outbox WHERE NOT payload ? 'v' ORDER BY name`,
    );
    expect(unversioned.length).toBeGreaterThan(20);
    expect(oldRows.every((r) => !('v' in r.payload))).toBe(true);
    // and it stopped with events claimed but undelivered
    expect(inFlight.map((e) => e.name)).toEqual(
      expect.arrayContaining(['orders.service-added', 'finance.payment-recorded', 'clients.updated']),
    );
    expect(inFlight.every((e) => !('v' in e.payload))).toBe(true);
    expect(new Set(oldRows.map((r) => r.kind))).toEqual(
      new Set([
        'orders.created',
        'orders.updated',
        'orders.status-changed',
        'orders.service-added',
        'orders.service-updated',
        'orders.service-removed',
        'orders.totals-recalculated',
        'orders.conflicts-detected',
        'orders.deleted',
        'orders.client-relinked',
        ...FOREIGN_TIMELINE_EVENTS,
      ]),
    );
    expect(oldAuditCount).toBeGreaterThan(50);
  });

  it("delivers the events in flight at the upgrade with today's relay, upcast to v1, into the timeline and the audit chain", async () => {
    await eventually(async () => {
      const [{ pending }] = await dbRows<{ pending: number }>(
        db.url,
        `SELECT count(*)::int AS pending FROM outbox WHERE status <> 'delivered'`,
      );
      return pending === 0;
    }, 30_000);
    const ids = inFlight.map((e) => e.id);
    const rows = await dbRows<TimelineRow>(
      db.url,
      `SELECT event_id, order_id, seq::text, ts, kind, actor_user_id, actor_role, summary, payload
         FROM order_timeline WHERE event_id = ANY($1) ORDER BY order_timeline.seq`,
      [ids],
    );
    const onTimeline = inFlight.filter((e) => e.name.startsWith('orders.') || e.name.startsWith('finance.'));
    expect(rows.map((r) => r.event_id)).toEqual(onTimeline.map((e) => e.id));
    // the live projection saw the upcast payload (the relay upcasts), as a rebuild will
    expect(rows.map((r) => r.payload)).toEqual(onTimeline.map((e) => upcastByHand(e.name, e.payload)));
    expect(rows.find((r) => r.kind === 'orders.service-added')!.summary).toBe(
      'Добавлена услуга: экскурсия Париж, 05.06.2027 10:00 (Париж) → 05.06.2027 13:00 (Париж)',
    );
    // today's audit subscriber recorded them after the old entries
    const audited = await dbRows<{ event_id: string; seq: string }>(
      db.url,
      `SELECT event_id, seq::text FROM audit_log WHERE event_id = ANY($1)`,
      [ids],
    );
    const business = inFlight.filter((e) => e.name !== 'pii.read').map((e) => e.id);
    expect(audited.map((a) => a.event_id)).toEqual(expect.arrayContaining(business));
    expect(audited.every((a) => Number(a.seq) > oldAuditCount)).toBe(true);
    const verify = await t.admin.GET('/api/v1/audit/verify');
    expect(verify.data).toMatchObject({ ok: true });
  });

  it('verifies the audit chain of the old rows, and of entries appended after the upgrade', async () => {
    const before = await t.admin.GET('/api/v1/audit/verify');
    expect(before.data).toMatchObject({ ok: true });
    expect(before.data!.checked).toBeGreaterThanOrEqual(oldAuditCount);

    // a write through today's API on the old order appends to the same chain
    const order = (await operator.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } })).data!;
    const patched = await operator.PATCH('/api/v1/orders/{id}', {
      params: { path: { id: orderId } },
      body: { note: `${FIXTURE_NOTE} — после обновления`, version: order.version },
    });
    expect(patched.response.status).toBe(200);
    await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entityId: orderId, action: 'orders.updated', limit: 10 } },
      });
      return r.data!.items.some((e) =>
        (e.diff as { note?: { to?: string } }).note?.to?.endsWith('обновления'),
      );
    });
    const after = await t.admin.GET('/api/v1/audit/verify');
    expect(after.data).toMatchObject({ ok: true });
    expect(after.data!.checked).toBeGreaterThan(before.data!.checked);
    // the old entries are still the start of the chain, untouched (verify re-hashed them with today's canonical JSON)
    const chain = await dbRows<{ seq: string; hash: string; prev_hash: string }>(
      db.url,
      `SELECT seq::text, hash, prev_hash FROM audit_log ORDER BY audit_log.seq`,
    );
    expect(chain.slice(0, oldAudit.length)).toEqual(oldAudit);
    expect(chain[oldAudit.length].prev_hash).toBe(oldAudit.at(-1)!.hash);
  });

  it("reads the old order's timeline through today's API in today's words, rebuilt on start without a manual step", async () => {
    // the old database has no projection version: the app rebuilt the timeline after it started
    const [stored] = await eventually(async () => {
      const rows = await dbRows<{ version: number }>(
        db.url,
        `SELECT version FROM projection_versions WHERE name = 'timeline'`,
      );
      return rows.length > 0 ? rows : null;
    }, 60_000);
    expect(stored.version).toBe(TIMELINE_PROJECTION_VERSION);
    const logged = t.logs.filter((l) => String(l.message).startsWith('timeline rebuilt from the outbox'));
    expect(logged).toHaveLength(1);
    expect(String(logged[0].message)).toMatch(/\(projection version none → \d+\): \d+ rows$/);

    const page = await eventually(async () => {
      const p = await timeline();
      return p.items.some(
        (e) =>
          e.kind === 'orders.updated' &&
          e.summary.includes('примечание') &&
          e.ts > oldRows.at(-1)!.ts.toISOString(),
      )
        ? p
        : null;
    });
    const old = oldRows.filter((r) => r.order_id === orderId);
    expect(old.length).toBeGreaterThan(30);
    const oldItems = page.items.slice(0, old.length);
    // the same entries: event, time, kind and actor, with names
    expect(oldItems.map((e) => [e.eventId, e.ts, e.kind, e.actorUserId, e.actorRole])).toEqual(
      old.map((r) => [r.event_id, r.ts.toISOString(), r.kind, r.actor_user_id, r.actor_role]),
    );
    expect(oldItems.every((e) => e.actorUserId === null || typeof e.actorName === 'string')).toBe(true);
    // today's words: service nouns from the label table and itineraries in the place's time, the
    // merge naming the surviving client; every other row says what it said
    const changed = oldItems.filter((e, i) => e.summary !== old[i].summary).map((e) => e.kind);
    expect(new Set(changed)).toEqual(
      new Set(['orders.service-added', 'orders.service-removed', 'orders.client-relinked']),
    );
    for (const [i, e] of oldItems.entries()) {
      if (SERVICE_EVENTS.has(e.kind)) expect(serviceGist(e.summary)).toBe(serviceGist(old[i].summary));
      else if (e.kind === 'orders.client-relinked') {
        expect(e.summary).toBe(
          old[i].summary.replace(/на клиента [0-9a-f-]{36}$/, `на клиента ${survivorName}`),
        );
      } else expect(e.summary).toBe(old[i].summary);
    }
    const services = oldItems.filter((e) => SERVICE_EVENTS.has(e.kind)).map((e) => e.summary);
    expect(services.some((x) => /: проживание /.test(x))).toBe(true);
    expect(services.some((x) => /гостиница/.test(x))).toBe(false);
    expect(
      oldItems.find((e) => e.kind === 'orders.service-added' && e.summary.includes('экскурсия'))!.summary,
    ).toMatch(/^Добавлена услуга: экскурсия Париж, \d\d\.06\.2027 \d\d:\d\d \(Париж\) → /);
  });

  it('rebuilds exactly the live timeline from the old outbox history, upcasting its unversioned payloads', async () => {
    // one more change after the upgrade: a service added to the old order (its final contract outdates)
    const added = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: {
        type: 'excursion',
        startAt: '2027-06-06T10:00:00+02:00',
        endAt: '2027-06-06T13:00:00+02:00',
        location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' },
        supplier: 'Версаль Тур',
        price: '150.00',
        currency: 'EUR',
        rate: '98.50',
        commission: { percent: '10' },
      } as never,
    });
    expect(added.response.status).toBe(201);
    const expected = async () =>
      (
        await dbRows<{ n: number }>(
          db.url,
          `SELECT count(*)::int AS n FROM outbox WHERE name LIKE 'orders.%' OR name = ANY($1)`,
          [FOREIGN_TIMELINE_EVENTS],
        )
      )[0].n;
    const live = await eventually(async () => {
      const [{ pending }] = await dbRows<{ pending: number }>(
        db.url,
        `SELECT count(*)::int AS pending FROM outbox WHERE status = 'pending'`,
      );
      const rows = await dbRows<TimelineRow>(db.url, SELECT_TIMELINE);
      return pending === 0 && rows.length === (await expected()) ? rows : null;
    }, 30_000);
    expect(live.length).toBeGreaterThan(oldRows.length);

    const rebuild = () => {
      const run = spawnSync('npm', ['run', '--silent', 'projections:rebuild', 'timeline'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...testEnv(db.url, { DATA_DIR: '/tmp' }) },
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`rebuilt timeline: ${live.length} rows`);
    };
    // the CLI rebuild stores the projection version too
    await dbRows(db.url, `DELETE FROM projection_versions WHERE name = 'timeline'`);
    rebuild();
    const rebuilt = await dbRows<TimelineRow>(db.url, SELECT_TIMELINE);
    expect(await dbRows(db.url, `SELECT version FROM projection_versions WHERE name = 'timeline'`)).toEqual([
      { version: TIMELINE_PROJECTION_VERSION },
    ]);

    // the live timeline (rebuilt on start, then kept by the live projection) comes back exactly, every column
    expect(rebuilt).toEqual(live);

    // against the old code's rows: the same entries, every event, its order, place, time and actor
    const oldSeqs = new Set(oldRows.map((r) => r.seq));
    const after = rebuilt.filter((r) => oldSeqs.has(r.seq));
    expect(after.map(identity)).toEqual(oldRows.map(identity));
    // their unversioned payloads upcast to v1
    expect(after.map((r) => r.payload)).toEqual(oldRows.map((r) => upcastByHand(r.kind, r.payload)));
    // and the same words, but for the service nouns and itineraries today's code writes and the
    // merge's survivor, named at read time instead of stored
    const changed = after.filter((r, i) => r.summary !== oldRows[i].summary).map((r) => r.kind);
    expect(new Set(changed)).toEqual(
      new Set(['orders.service-added', 'orders.service-removed', 'orders.client-relinked']),
    );
    for (const [i, r] of after.entries()) {
      const old = oldRows[i];
      if (SERVICE_EVENTS.has(r.kind)) expect(serviceGist(r.summary)).toBe(serviceGist(old.summary));
      else if (r.kind === 'orders.client-relinked') {
        expect(r.summary).toBe(old.summary.replace(/на клиента [0-9a-f-]{36}$/, 'на другого клиента'));
      } else expect(r.summary).toBe(old.summary);
    }
    // the rebuilt old service rows read like the row today's live projection wrote for a new service
    const liveAdded = rebuilt.find(
      (r) => r.kind === 'orders.service-added' && r.payload.serviceId === added.data!.id,
    );
    expect(liveAdded?.summary).toBe(
      'Добавлена услуга: экскурсия Париж, 06.06.2027 10:00 (Париж) → 06.06.2027 13:00 (Париж)',
    );
    const oldExcursion = after.find(
      (r) => r.kind === 'orders.service-added' && r.payload.serviceType === 'excursion',
    );
    expect(oldExcursion?.summary).toMatch(
      /^Добавлена услуга: экскурсия Париж, \d\d\.06\.2027 \d\d:\d\d \(Париж\) → /,
    );

    // a second rebuild (from a spoiled table) reproduces the rebuilt rows exactly
    await dbRows(db.url, `UPDATE order_timeline SET summary = 'испорчено', payload = '{}'`);
    rebuild();
    expect(await dbRows<TimelineRow>(db.url, SELECT_TIMELINE)).toEqual(rebuilt);

    // and the API reads the rebuilt old rows with names
    const page = await timeline();
    expect(page.items.map((e) => e.eventId)).toEqual(
      rebuilt.filter((r) => r.order_id === orderId).map((r) => r.event_id),
    );
    expect(page.items.find((e) => e.kind === 'orders.client-relinked')!.summary).toContain(
      `на клиента ${survivorName}`,
    );
  }, 120_000);
});
