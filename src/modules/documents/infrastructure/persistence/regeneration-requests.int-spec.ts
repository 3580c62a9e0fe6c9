import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/database';
import type { AppConfig } from '../../../../config/app-config';
import { createDataSource } from '../../../../shared/database/data-source.factory';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import type { OutboxRelay } from '../../../../shared/outbox/outbox.relay';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { SqlDocumentStore } from './sql-document-stores';
import { SqlRegenerationQueue } from './sql-regeneration-queue';
import { RegenerateDocumentsSubscriber } from '../../application/events/regenerate-documents.subscriber';

/** The subscriber on the migrated schema: final documents outdated at once, the rest queued once per order. */
describe('RegenerateDocumentsSubscriber (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let sub: RegenerateDocumentsSubscriber;
  let queued: number[];
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolMax: 2 });
    await ds.initialize();
    const uow = new UnitOfWork(ds);
    const relay = { deliverSoon: () => undefined } as unknown as OutboxRelay;
    const config = { documents: { regenerateDelayMs: 60_000, regenerateMaxDelayMs: 600_000 } } as AppConfig;
    sub = new RegenerateDocumentsSubscriber(
      uow,
      new OutboxWriter(uow, relay),
      new SqlDocumentStore(uow),
      new SqlRegenerationQueue(uow),
      config,
    );
    queued = [];
    sub.onQueued = (ms) => void queued.push(ms);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function doc(orderId: string, type: string, final: boolean): Promise<string> {
    const id = randomUUID();
    seq += 1;
    await ds.query(
      `INSERT INTO documents (id, type, number, year, sequence, order_id, template_type, template_version,
                              current_version, final, issued_at, version)
       VALUES ($1, $2, $3, 2026, $4, $5, $2, 1, 1, $6, now(), 2)`,
      [id, type, `T-${seq}`, seq, orderId, final],
    );
    return id;
  }

  const envelope = (
    name: string,
    aggregateId: string | null,
    payload: Record<string, unknown> = {},
  ): DomainEventEnvelope => ({
    eventId: randomUUID(),
    name,
    aggregateType: 'order',
    aggregateId,
    aggregateVersion: 5,
    occurredAt: new Date().toISOString(),
    actor: { userId: null, role: 'system', correlationId: 'r1' },
    correlationId: 'r1',
    payload,
    sequence: '1',
  });

  const requests = async (orderId: string) =>
    (await ds.query(`SELECT requests, cause FROM document_regeneration_requests WHERE order_id = $1`, [
      orderId,
    ])) as {
      requests: number;
      cause: string;
    }[];

  it('marks a final document outdated and queues one regeneration per order for a burst of events', async () => {
    const orderId = randomUUID();
    await doc(orderId, 'invoice', false);
    const contract = await doc(orderId, 'contract', true);
    await sub.handle(envelope('orders.service-added', orderId));
    await sub.handle(envelope('orders.service-added', orderId));
    await sub.handle(envelope('orders.totals-recalculated', orderId));
    expect(await requests(orderId)).toEqual([{ requests: 3, cause: 'orders.totals-recalculated' }]);
    expect(queued.slice(-3)).toEqual([60_000, 60_000, 60_000]);
    const outdated = (await ds.query(
      `SELECT name, aggregate_version, payload->>'cause' AS cause FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [contract],
    )) as { name: string; aggregate_version: number; cause: string }[];
    expect(outdated.map((e) => [e.name, e.aggregate_version])).toEqual([
      ['documents.outdated', 3],
      ['documents.outdated', 4],
      ['documents.outdated', 5],
    ]);
    const [{ version }] = await ds.query(`SELECT version FROM documents WHERE id = $1`, [contract]);
    expect(version).toBe(5);
  });

  it("queues the payment's order for finance events, and nothing without an order or without documents", async () => {
    const orderId = randomUUID();
    await doc(orderId, 'invoice', false);
    await sub.handle(envelope('finance.payment-recorded', randomUUID(), { orderId }));
    expect(await requests(orderId)).toEqual([{ requests: 1, cause: 'finance.payment-recorded' }]);
    const before = Number((await ds.query(`SELECT count(*) AS n FROM document_regeneration_requests`))[0].n);
    await sub.handle(envelope('finance.payment-cancelled', randomUUID(), {}));
    await sub.handle(envelope('orders.status-changed', null));
    await sub.handle(envelope('orders.status-changed', randomUUID()));
    const after = Number((await ds.query(`SELECT count(*) AS n FROM document_regeneration_requests`))[0].n);
    expect(after).toBe(before);
  });

  it('queues nothing when every document of the order is final', async () => {
    const orderId = randomUUID();
    await doc(orderId, 'act', true);
    await sub.handle(envelope('orders.service-updated', orderId));
    expect(await requests(orderId)).toEqual([]);
  });
});
