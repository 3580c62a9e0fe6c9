import { useIntDb } from '../../../../test/support/int-db';
import type { DomainEventEnvelope } from '../../../shared/domain/domain-event';
import type { AuditablePayload } from '../../../shared/domain/event-contract';
import { uuidv7 } from '../../../shared/domain/uuid';
import { AuditLogSubscriber } from '../application/events/audit-log.subscriber';
import { VerifyAuditHandler } from '../application/queries/verify-audit/verify-audit.handler';
import { SqlAuditLogStore } from './sql-audit-log.store';

function event(
  name: string,
  payload: AuditablePayload,
  at = '2026-12-01T10:00:00.123Z',
): DomainEventEnvelope<AuditablePayload> {
  return {
    eventId: uuidv7(),
    name,
    aggregateType: 'order',
    aggregateId: uuidv7(),
    aggregateVersion: 1,
    occurredAt: at,
    actor: { userId: null, role: 'operator', correlationId: 'corr-9' },
    correlationId: 'corr-9',
    payload,
    sequence: '1',
  };
}

/** The audit log's set-based append against the migrated schema: one chain, whatever the batch size. */
describe('SqlAuditLogStore on the migrated schema', () => {
  const db = useIntDb();

  it('appends a batch as one chain continuing the head, with diffs stored as given, and /audit/verify holds', async () => {
    const subscriber = new AuditLogSubscriber(new SqlAuditLogStore(db().uow));
    const before = await db().one<{ seq: string }>(`SELECT seq FROM audit_chain_head WHERE id = 1`);
    const serviceId = uuidv7();
    const batch = [
      event('orders.service-added', {
        v: 1,
        diff: { note: { from: null, to: 'кавычки " и \\ обратная косая, перевод\nстроки, 😀' } },
        subject: { entity: 'service', id: serviceId },
      }),
      // no diff: the payload without its version is recorded
      event('orders.totals-recalculated', { v: 1, total: '1500.00' } as AuditablePayload),
      event('orders.deleted', { v: 1, diff: { tags: { from: ['a', 'b'], to: [] } } }),
    ];
    await db().tx(() => subscriber.handleBatch(batch));
    // a single event after the batch continues the same chain
    await db().tx(() =>
      subscriber.handle(event('orders.created', { v: 1, diff: {} }, '2026-12-01T10:00:01.000Z')),
    );

    const rows = await db().q<{
      seq: string;
      action: string;
      entity: string;
      entity_id: string;
      diff: unknown;
      event_id: string;
      prev_hash: string;
      hash: string;
      hash_version: number;
      ts: Date;
    }>(
      `SELECT seq, action, entity, entity_id, diff, event_id, prev_hash, hash, hash_version, ts
         FROM audit_log WHERE seq > $1 ORDER BY seq`,
      [before.seq],
    );
    expect(rows.map((r) => Number(r.seq) - Number(before.seq))).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.action)).toEqual([
      'orders.service-added',
      'orders.totals-recalculated',
      'orders.deleted',
      'orders.created',
    ]);
    expect(rows[0]).toMatchObject({
      entity: 'service',
      entity_id: serviceId,
      event_id: batch[0].eventId,
      hash_version: 2,
    });
    expect(rows[0].diff).toEqual(batch[0].payload.diff);
    expect(rows[0].ts.toISOString()).toBe('2026-12-01T10:00:00.123Z');
    expect(rows[1].diff).toEqual({ total: '1500.00' });
    expect(rows[1]).toMatchObject({ entity: 'order', entity_id: batch[1].aggregateId });
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const head = await db().one<{ seq: string; hash: string }>(
      `SELECT seq, hash FROM audit_chain_head WHERE id = 1`,
    );
    expect(head).toEqual({ seq: rows[3].seq, hash: rows[3].hash });

    const verified = await new VerifyAuditHandler(db().uow).execute();
    expect(verified).toEqual({ ok: true, checked: Number(head.seq) });
  });

  it('refuses to append outside a unit of work and does nothing for an empty batch', async () => {
    const store = new SqlAuditLogStore(db().uow);
    await expect(store.append([])).resolves.toBeUndefined();
    const subscriber = new AuditLogSubscriber(store);
    await expect(db().tx(() => subscriber.handleBatch([]))).resolves.toBeUndefined();
    const head = await db().tx(() => store.lockHead());
    await expect(
      store.append([
        {
          record: {
            id: uuidv7(),
            seq: head.seq + 1,
            ts: new Date().toISOString(),
            userId: null,
            role: 'system',
            action: 'tests.x',
            entity: 'test',
            entityId: null,
            diff: null,
            correlationId: null,
          },
          eventId: null,
          prevHash: head.hash,
          hash: 'x',
          diffSha256: 'y',
        },
      ]),
    ).rejects.toThrow(/inside a unit of work/);
  });
});
