import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import { ORDER_EVENTS, type OrderFactsV1 } from '../../../orders/contracts/orders.events';
import type { FinanceRepository, OrderFacts } from '../../domain/finance.repository.port';
import type { OrderFactsSync } from '../services/order-facts';
import { FinanceOrdersProjection } from './finance-orders.projection';

const facts = (version: number, totalAmount = '100.00'): OrderFactsV1 => ({
  number: '2026-000001',
  status: 'draft',
  currency: 'RUB',
  clientId: 'c1',
  managerId: null,
  deadline: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  totalAmount,
  commission: '0.00',
  supplierCost: totalAmount,
  version,
});

let n = 0;
function event(name: string, orderId: string, f: OrderFactsV1 | null): DomainEventEnvelope<object> {
  n += 1;
  return {
    eventId: `e${n}`,
    name,
    aggregateType: 'order',
    aggregateId: orderId,
    aggregateVersion: f?.version ?? 0,
    occurredAt: '2026-12-01T10:00:00.000Z',
    actor: { userId: null, role: 'operator', correlationId: null },
    correlationId: null,
    payload: { v: 1, facts: f },
    sequence: String(n),
  };
}

/** The finance projection's batch: the same writes as event by event, fewer of them. */
describe('FinanceOrdersProjection.handleBatch', () => {
  function projection() {
    const calls: string[] = [];
    const repo = {
      upsertOrderFacts: async (f: OrderFacts) =>
        void calls.push(`upsert ${f.orderId} v${f.version} ${f.totalAmount}`),
      upsertOrderFactsMany: async (fs: OrderFacts[]) => {
        if (fs.length > 0)
          calls.push(fs.map((f) => `upsert ${f.orderId} v${f.version} ${f.totalAmount}`).join(' + '));
      },
      markOrderDeleted: async (id: string) => void calls.push(`deleted ${id}`),
    } as unknown as FinanceRepository;
    const sync = {
      refresh: async (id: string) => void calls.push(`refresh ${id}`),
    } as unknown as OrderFactsSync;
    return { p: new FinanceOrdersProjection(sync, repo), calls };
  }

  it('writes only the newest facts of each order, and applies deletions and fact-less events in their place', async () => {
    const { p, calls } = projection();
    await p.handleBatch([
      // one service added: two events, the same facts
      event(ORDER_EVENTS.serviceAdded, 'o1', facts(2, '150.00')),
      event(ORDER_EVENTS.totalsRecalculated, 'o1', facts(2, '150.00')),
      event(ORDER_EVENTS.serviceAdded, 'o2', facts(5)),
      // an older event redelivered late does not win
      event(ORDER_EVENTS.updated, 'o1', facts(1, '1.00')),
      event(ORDER_EVENTS.updated, 'o3', null),
      event(ORDER_EVENTS.deleted, 'o2', facts(6)),
      event(ORDER_EVENTS.serviceAdded, 'o1', facts(3, '175.00')),
      { ...event(ORDER_EVENTS.updated, 'o4', facts(1)), aggregateType: 'payment' },
    ]);
    expect(calls).toEqual([
      // the facts gathered before the fact-less event are written before it
      'upsert o1 v2 150.00 + upsert o2 v5 100.00',
      'refresh o3',
      'upsert o2 v6 100.00',
      'deleted o2',
      'upsert o1 v3 175.00',
    ]);
  });

  it('does nothing for a batch without order events', async () => {
    const { p, calls } = projection();
    await p.handleBatch([]);
    await p.handleBatch([{ ...event(ORDER_EVENTS.updated, 'o1', facts(1)), aggregateId: null }]);
    expect(calls).toEqual([]);
  });
});
