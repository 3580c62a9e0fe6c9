import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/database';
import { createDataSource } from '../../../../shared/database/data-source.factory';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import { SqlRegenerationQueue } from './sql-regeneration-queue';

const actor: Actor = { userId: null, role: 'system', correlationId: 'c1' };

describe('SqlRegenerationQueue on the migrated schema', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let uow: UnitOfWork;
  let queue: SqlRegenerationQueue;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolMax: 2 });
    await ds.initialize();
    uow = new UnitOfWork(ds);
    queue = new SqlRegenerationQueue(uow);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const cause = (orderId: string, name = 'orders.service-added') => ({
    orderId,
    cause: name,
    causeEventId: randomUUID(),
    actor,
  });
  const row = async (orderId: string) =>
    (
      await ds.query(
        `SELECT requests, cause, attempts, leased_until, due_at > now() AS waiting
           FROM document_regeneration_requests WHERE order_id = $1`,
        [orderId],
      )
    )[0] as
      | { requests: number; cause: string; attempts: number; leased_until: Date | null; waiting: boolean }
      | undefined;

  it('coalesces a burst into one request per order that keeps the last cause', async () => {
    const orderId = randomUUID();
    for (let i = 0; i < 5; i += 1) await queue.request(cause(orderId, `e${i}`), 60_000, 600_000);
    expect(await row(orderId)).toMatchObject({ requests: 5, cause: 'e4', waiting: true });
    // not due yet: nothing to claim
    expect((await uow.run(() => queue.claimDue(10, 60_000))).map((c) => c.orderId)).not.toContain(orderId);
  });

  it('never holds a request past its maximal delay', async () => {
    const orderId = randomUUID();
    await queue.request(cause(orderId), 0, 0);
    await queue.request(cause(orderId), 60_000, 0);
    const claims = await uow.run(() => queue.claimDue(10, 60_000));
    expect(claims.map((c) => c.orderId)).toContain(orderId);
  });

  it('leases a due request once, completes it, and keeps one renewed while rendering', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await queue.request(cause(a), 0, 10_000);
    await queue.request(cause(b), 0, 10_000);
    const first = await uow.run(() => queue.claimDue(10, 60_000));
    const ca = first.find((c) => c.orderId === a)!;
    const cb = first.find((c) => c.orderId === b)!;
    expect(ca).toMatchObject({ attempts: 1, requests: 1, actor });
    // leased: a second claimer (another replica) gets neither
    const second = await uow.run(() => queue.claimDue(10, 60_000));
    expect(second.map((c) => c.orderId)).not.toEqual(expect.arrayContaining([a]));
    await uow.run(() => queue.complete(a, ca.token));
    expect(await row(a)).toBeUndefined();
    // b is renewed by a newer event while it renders: completing the old claim keeps it
    await queue.request(cause(b, 'orders.status-changed'), 0, 10_000);
    await uow.run(() => queue.complete(b, cb.token));
    expect(await row(b)).toMatchObject({ cause: 'orders.status-changed', leased_until: null, attempts: 0 });
    const again = await uow.run(() => queue.claimDue(10, 60_000));
    expect(again.map((c) => c.orderId)).toContain(b);
  });

  it('puts a failed request back with a delay and its error', async () => {
    const orderId = randomUUID();
    await queue.request(cause(orderId), 0, 10_000);
    const [c] = (await uow.run(() => queue.claimDue(100, 60_000))).filter((x) => x.orderId === orderId);
    await uow.run(() => queue.fail(c.orderId, 60_000, 'renderer down'));
    expect(await row(orderId)).toMatchObject({ leased_until: null, waiting: true, attempts: 1 });
    const [{ last_error }] = await ds.query(
      `SELECT last_error FROM document_regeneration_requests WHERE order_id = $1`,
      [orderId],
    );
    expect(last_error).toBe('renderer down');
  });

  it('takes an expired lease back', async () => {
    const orderId = randomUUID();
    await queue.request(cause(orderId), 0, 10_000);
    const [c] = (await uow.run(() => queue.claimDue(100, 1))).filter((x) => x.orderId === orderId);
    expect(c).toBeDefined();
    await new Promise((r) => setTimeout(r, 20));
    const retaken = await uow.run(() => queue.claimDue(100, 60_000));
    expect(retaken.find((x) => x.orderId === orderId)).toMatchObject({ attempts: 2 });
  });
});
