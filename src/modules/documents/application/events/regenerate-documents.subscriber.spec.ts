import type { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { DomainEvent, DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import type { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import type { DocumentRecord, DocumentStore } from '../ports/document-stores.port';
import type { DocumentGenerator, GenerateRequest } from '../services/document-generator';
import { RegenerateDocumentsSubscriber } from './regenerate-documents.subscriber';

const doc = (id: string, type: DocumentRecord['type'], final: boolean): DocumentRecord =>
  ({ id, type, number: `N-${id}`, orderId: 'o1', final, version: 2 }) as DocumentRecord;

function envelope(name: string, aggregateId: string | null = 'o1'): DomainEventEnvelope {
  return {
    eventId: 'e1',
    name,
    aggregateType: 'order',
    aggregateId,
    aggregateVersion: 5,
    occurredAt: '2026-11-22T10:00:00Z',
    actor: { userId: 'u1', role: 'operator', correlationId: 'r1' },
    correlationId: 'r1',
    payload: {},
    sequence: '1',
  } as DomainEventEnvelope;
}

describe('RegenerateDocumentsSubscriber', () => {
  function setup(docs: DocumentRecord[]) {
    const updated: DocumentRecord[] = [];
    const events: DomainEvent<object>[] = [];
    const requests: GenerateRequest[] = [];
    const orders: string[] = [];
    const store = {
      findByOrder: async (orderId: string) => {
        orders.push(orderId);
        return docs;
      },
      update: async (d: DocumentRecord) => void updated.push(d),
    } as unknown as DocumentStore;
    const generator = {
      generate: async (req: GenerateRequest) => {
        requests.push(req);
        return { status: 'generated', documentId: 'x', version: 2 };
      },
    } as unknown as DocumentGenerator;
    const sub = new RegenerateDocumentsSubscriber(
      { run: <T>(fn: () => Promise<T>) => fn() } as unknown as UnitOfWork,
      { append: async (e: DomainEvent<object>[]) => void events.push(...e) } as unknown as OutboxWriter,
      generator,
      store,
    );
    return { sub, updated, events, requests, orders };
  }

  it('re-renders documents that are not final and marks final ones outdated when the order changes', async () => {
    const s = setup([doc('d1', 'invoice', false), doc('d2', 'contract', true), doc('d3', 'proposal', false)]);
    await s.sub.handle(envelope('orders.service-added'));
    expect(s.requests.map((r) => [r.type, r.reason, r.causeEventId, r.onlyIfChanged])).toEqual([
      ['invoice', 'orders.service-added', 'e1', true],
      ['proposal', 'orders.service-added', 'e1', true],
    ]);
    expect(
      s.events.map((e) => [
        e.name,
        e.aggregateId,
        e.aggregateVersion,
        (e.payload as { cause: string }).cause,
      ]),
    ).toEqual([['documents.outdated', 'd2', 3, 'orders.service-added']]);
    expect(s.updated.map((d) => [d.id, d.final, d.version])).toEqual([['d2', true, 3]]);
  });

  it("re-renders the documents of the payment's order when a payment is recorded or cancelled", async () => {
    const s = setup([doc('d1', 'invoice', false)]);
    for (const name of ['finance.payment-recorded', 'finance.payment-cancelled']) {
      await s.sub.handle({
        ...envelope(name, 'p1'),
        aggregateType: 'payment',
        payload: { orderId: 'o7', diff: {} },
      });
    }
    expect(s.orders).toEqual(['o7', 'o7']);
    expect(s.requests.map((r) => [r.orderId, r.type, r.reason])).toEqual([
      ['o7', 'invoice', 'finance.payment-recorded'],
      ['o7', 'invoice', 'finance.payment-cancelled'],
    ]);
  });

  it('does nothing when a finance event carries no orderId', async () => {
    const s = setup([doc('d1', 'invoice', false)]);
    await s.sub.handle({ ...envelope('finance.payment-recorded', 'p1'), payload: {} });
    expect(s.orders).toEqual([]);
    expect(s.requests).toEqual([]);
  });

  it('does nothing when the event names no order', async () => {
    const s = setup([doc('d1', 'invoice', false)]);
    await s.sub.handle(envelope('orders.status-changed', null));
    expect(s.requests).toEqual([]);
  });
});
