import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import type { CrmClient } from '../../client';
import { rebuildTimeline } from '../../src/modules/timeline/infrastructure/sql-timeline.store';
import { ClientReferenceMovers } from '../../src/shared/contracts/client-references';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../src/shared/domain/actor';
import { OutboxRelay } from '../../src/shared/outbox/outbox.relay';
import { dbRows } from '../support/clients';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { flight, hotel, newClient } from '../support/orders';
import { PROBE_TABLE_SQL, ProbeModule, probeFailures } from '../support/probe-subscriber';
import { eventually, startTestApp, testEnv, type TestApp } from '../support/test-app';

interface TimelineRow {
  event_id: string;
  order_id: string;
  seq: string;
  ts: Date;
  kind: string;
  actor_user_id: string | null;
  actor_role: string;
  summary: string;
  payload: unknown;
}

describe('orders: events, timeline, audit, client merges (e2e)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let operator: CrmClient;
  let operatorId: string;
  let supervisor: CrmClient;
  let supervisorId: string;
  let payer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await dbRows(db.url, PROBE_TABLE_SQL);
    t = await startTestApp({ db, imports: [ProbeModule] });
    const op = await t.userClient('operator');
    operator = op.client;
    operatorId = op.id;
    const sup = await t.userClient('supervisor');
    supervisor = sup.client;
    supervisorId = sup.id;
    payer = await newClient(operator, 'Волков Виктор', '2035-01-01');
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const timeline = async (id: string, as: CrmClient = operator) =>
    (await as.GET('/api/v1/orders/{id}/timeline', { params: { path: { id }, query: { limit: 200 } } })).data!;

  async function orderWithHistory() {
    const created = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    const id = created.data!.id;
    const f = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id } },
      body: flight() as never,
    });
    await supervisor.PATCH('/api/v1/orders/{id}', {
      params: { path: { id } },
      body: { note: 'VIP', version: 2 },
    });
    await operator.POST('/api/v1/orders/{id}/status', {
      params: { path: { id } },
      body: { status: 'confirmed' },
    });
    return { id, number: created.data!.number, serviceId: f.data!.id };
  }

  it('lists every change of an order in the timeline, oldest first, with its actor and a Russian summary', async () => {
    const { id, number } = await orderWithHistory();
    const page = await eventually(async () => {
      const p = await timeline(id);
      return p.total === 5 ? p : null;
    });
    expect(page.items.map((e) => [e.kind, e.actorUserId, e.actorRole])).toEqual([
      ['orders.created', operatorId, 'operator'],
      ['orders.service-added', operatorId, 'operator'],
      ['orders.totals-recalculated', operatorId, 'operator'],
      ['orders.updated', supervisorId, 'supervisor'],
      ['orders.status-changed', operatorId, 'operator'],
    ]);
    expect(page.items.map((e) => e.summary)).toEqual([
      `Создан заказ ${number}`,
      // the place's own time, labelled where its clock differs from Moscow's (issue 12)
      'Добавлена услуга: авиаперелёт Москва → Париж, 01.06.2027 10:00 → 01.06.2027 14:00 (Париж)',
      'Пересчитаны итоги: сумма 0.00 → 30000.00 RUB, комиссия 0.00 → 1500.00 RUB',
      `Изменён заказ ${number}: примечание`,
      `Статус заказа ${number}: черновик → подтверждён`,
    ]);
    const second = await operator.GET('/api/v1/orders/{id}/timeline', {
      params: { path: { id }, query: { limit: 2, offset: 2 } },
    });
    expect(second.data!.items.map((e) => e.kind)).toEqual(['orders.totals-recalculated', 'orders.updated']);
    expect(second.data!.nextCursor).not.toBeNull();
  });

  it('records every change in the audit log with its diff, and the chain verifies', async () => {
    const { id, serviceId } = await orderWithHistory();
    const entries = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', { params: { query: { limit: 200 } } });
      const mine = r.data!.items.filter((e) => e.entityId === id || e.entityId === serviceId);
      return mine.length === 5 ? mine : null;
    });
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction['orders.created']).toMatchObject({ entity: 'order', userId: operatorId });
    expect(byAction['orders.created'].diff).toMatchObject({
      status: { from: null, to: 'draft' },
      currency: { to: 'RUB' },
    });
    expect(byAction['orders.service-added']).toMatchObject({ entity: 'service', entityId: serviceId });
    expect(byAction['orders.service-added'].diff).toMatchObject({ price: { from: null, to: '30000.00' } });
    expect(byAction['orders.totals-recalculated'].diff).toEqual({
      totalAmount: { from: '0.00', to: '30000.00' },
      commission: { from: '0.00', to: '1500.00' },
      supplierCost: { from: '0.00', to: '28500.00' },
      margin: { from: '0.00', to: '1500.00' },
    });
    expect(byAction['orders.updated']).toMatchObject({
      userId: supervisorId,
      diff: { note: { from: null, to: 'VIP' } },
    });
    expect(byAction['orders.status-changed'].diff).toEqual({ status: { from: 'draft', to: 'confirmed' } });
    const verify = await t.admin.GET('/api/v1/audit/verify');
    expect(verify.data).toMatchObject({ ok: true });
  });

  it('rebuilds the timeline from the outbox history into the same rows, through the npm script too', async () => {
    await orderWithHistory();
    const select = `SELECT event_id, order_id, seq::text, ts, kind, actor_user_id, actor_role, summary, payload
                      FROM order_timeline ORDER BY seq`;
    const [{ n }] = await dbRows<{ n: string }>(
      db.url,
      `SELECT count(*) AS n FROM outbox WHERE name LIKE 'orders.%'`,
    );
    const live = await eventually(async () => {
      const rows = await dbRows<TimelineRow>(db.url, select);
      return rows.length === Number(n) ? rows : null;
    });
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`UPDATE order_timeline SET summary = 'испорчено'`);
      expect(await rebuildTimeline(c)).toBe(live.length);
    } finally {
      await c.end();
    }
    expect(await dbRows<TimelineRow>(db.url, select)).toEqual(live);

    await dbRows(db.url, `DELETE FROM order_timeline`);
    const env = testEnv(db.url, { DATA_DIR: '/tmp' });
    const run = spawnSync('npm', ['run', '--silent', 'projections:rebuild', 'timeline'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`rebuilt timeline: ${live.length} rows`);
    expect(await dbRows<TimelineRow>(db.url, select)).toEqual(live);
  }, 60_000);

  it('moves payer and travellers of orders and services from a merged duplicate to the survivor', async () => {
    const duplicate = await newClient(operator, 'Волков В.');
    const survivor = await newClient(operator, 'Волков Виктор Викторович');
    const other = await newClient(operator, 'Сидоров');
    const a = await operator.POST('/api/v1/orders', {
      body: { clientId: duplicate, travellerIds: [duplicate, other], currency: 'RUB' },
    });
    const s = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: a.data!.id } },
      body: hotel({ travellerIds: [duplicate] }) as never,
    });
    const b = await operator.POST('/api/v1/orders', {
      body: { clientId: other, travellerIds: [other, duplicate], currency: 'RUB' },
    });
    const untouched = await operator.POST('/api/v1/orders', { body: { clientId: other, currency: 'RUB' } });

    const moved = await t.app
      .get(UnitOfWork)
      .run(() => t.app.get(ClientReferenceMovers).moveAll(duplicate, survivor, SYSTEM_ACTOR));
    expect(moved.orders).toBe(2);

    const ga = (await operator.GET('/api/v1/orders/{id}', { params: { path: { id: a.data!.id } } })).data!;
    expect(ga).toMatchObject({
      clientId: survivor,
      payerName: 'Волков Виктор Викторович',
      travellerIds: [survivor, other],
      version: 3,
    });
    expect(ga.services.find((x) => x.id === s.data!.id)!.travellerIds).toEqual([survivor]);
    const gb = (await operator.GET('/api/v1/orders/{id}', { params: { path: { id: b.data!.id } } })).data!;
    expect(gb).toMatchObject({ clientId: other, travellerIds: [other, survivor], version: 2 });
    const gu = (await operator.GET('/api/v1/orders/{id}', { params: { path: { id: untouched.data!.id } } }))
      .data!;
    expect(gu.version).toBe(1);

    const list = await operator.GET('/api/v1/orders', { params: { query: { travellerId: duplicate } } });
    expect(list.data!.items).toEqual([]);
    const tl = await eventually(async () => {
      const p = await timeline(a.data!.id);
      return p.items.some((e) => e.kind === 'orders.client-relinked') ? p : null;
    });
    expect(tl.items.at(-1)).toMatchObject({ kind: 'orders.client-relinked', actorRole: 'system' });
    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entityId: a.data!.id, action: 'orders.client-relinked' } },
      });
      return r.data!.items.length > 0 ? r.data!.items : null;
    });
    expect(audit[0].diff).toMatchObject({ clientId: { from: duplicate, to: survivor } });
  });

  it('retries a throwing subscriber without affecting the command result', async () => {
    const relay = t.app.get(OutboxRelay);
    await relay.stop();
    const created = await operator.POST('/api/v1/orders', {
      body: { clientId: payer, currency: 'RUB', note: 'retry' },
    });
    expect(created.response.status).toBe(201);
    const [ev] = await dbRows<{ id: string }>(
      db.url,
      `SELECT id FROM outbox WHERE aggregate_id = $1 AND name = 'orders.created'`,
      [created.data!.id],
    );
    probeFailures.set(ev.id, 2);
    relay.start();
    const [done] = await eventually(async () => {
      const rows = await dbRows<{ attempts: number }>(
        db.url,
        `SELECT attempts FROM outbox WHERE id = $1 AND status = 'delivered'`,
        [ev.id],
      );
      return rows.length > 0 ? rows : null;
    });
    expect(done.attempts).toBe(2);
    expect(await dbRows(db.url, `SELECT 1 FROM probe_effects WHERE event_id = $1`, [ev.id])).toHaveLength(1);
    expect(await dbRows(db.url, `SELECT 1 FROM order_timeline WHERE event_id = $1`, [ev.id])).toHaveLength(1);
    expect(await dbRows(db.url, `SELECT 1 FROM audit_log WHERE event_id = $1`, [ev.id])).toHaveLength(1);
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: created.data!.id } } });
    expect(got.data).toMatchObject({ note: 'retry', version: 1 });
  });

  it('loses no timeline or audit entry when the process dies between commit and delivery', async () => {
    // the suite's app shares the database: its relay must not deliver for the one that dies
    await t.app.get(OutboxRelay).stop();
    const first = await startTestApp({ db });
    await first.app.get(OutboxRelay).stop();
    const created = await first.admin.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    const id = created.data!.id;
    await first.admin.POST('/api/v1/orders/{id}/services', {
      params: { path: { id } },
      body: flight() as never,
    });
    const events = await dbRows<{ id: string }>(db.url, `SELECT id FROM outbox WHERE aggregate_id = $1`, [
      id,
    ]);
    expect(events).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 300));
    expect(await dbRows(db.url, `SELECT 1 FROM order_timeline WHERE order_id = $1`, [id])).toHaveLength(0);
    await first.close(); // gone with the events undelivered

    const second = await startTestApp({ db });
    try {
      const ids = events.map((e) => e.id);
      await eventually(async () => {
        const tl = await dbRows(db.url, `SELECT 1 FROM order_timeline WHERE event_id = ANY($1::uuid[])`, [
          ids,
        ]);
        const au = await dbRows(db.url, `SELECT 1 FROM audit_log WHERE event_id = ANY($1::uuid[])`, [ids]);
        return tl.length === 3 && au.length === 3;
      });
      const page = await second.admin.GET('/api/v1/orders/{id}/timeline', { params: { path: { id } } });
      expect(page.data!.items.map((e) => e.kind)).toEqual([
        'orders.created',
        'orders.service-added',
        'orders.totals-recalculated',
      ]);
    } finally {
      await second.close();
      t.app.get(OutboxRelay).start();
    }
  });
});
