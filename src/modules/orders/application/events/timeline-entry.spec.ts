import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import { timelineEntryOf, timelineSummary } from './timeline-entry';

const env = (name: string, payload: Record<string, unknown>): DomainEventEnvelope => ({
  eventId: '01934f5e-0000-7000-8000-000000000001',
  name,
  aggregateType: 'order',
  aggregateId: '01934f5e-0000-7000-8000-000000000002',
  aggregateVersion: 2,
  occurredAt: '2026-11-29T10:00:00.000Z',
  actor: { userId: '01934f5e-0000-7000-8000-000000000003', role: 'operator', correlationId: 'r1' },
  correlationId: 'r1',
  payload,
  sequence: '42',
});

describe('timeline entries', () => {
  it('summarises every order event in Russian', () => {
    const n = { number: '2026-000123' };
    expect(timelineSummary(env('orders.created', n))).toBe('Создан заказ 2026-000123');
    expect(timelineSummary(env('orders.updated', { ...n, diff: { note: {}, deadline: {} } }))).toBe(
      'Изменён заказ 2026-000123: примечание, срок оплаты',
    );
    expect(
      timelineSummary(
        env('orders.status-changed', { ...n, from: 'confirmed', to: 'cancelled', reason: 'дорого' }),
      ),
    ).toBe('Статус заказа 2026-000123: подтверждён → отменён (причина: дорого)');
    expect(
      timelineSummary(
        env('orders.service-added', {
          serviceType: 'rail',
          forced: true,
          diff: {
            location: { from: null, to: { city: 'Москва' } },
            destination: { from: null, to: { city: 'Казань' } },
          },
        }),
      ),
    ).toBe('Добавлена услуга: поезд Москва → Казань — несмотря на конфликты (принудительно)');
    expect(
      timelineSummary(env('orders.service-updated', { serviceType: 'hotel', diff: { price: {} } })),
    ).toBe('Изменена услуга (гостиница): цена');
    expect(
      timelineSummary(
        env('orders.service-removed', {
          serviceType: 'hotel',
          diff: { location: { from: { city: 'Рим' }, to: null } },
        }),
      ),
    ).toBe('Удалена услуга: гостиница Рим');
    expect(
      timelineSummary(
        env('orders.totals-recalculated', {
          currency: 'RUB',
          from: { totalAmount: '0.00', commission: '0.00' },
          to: { totalAmount: '10.00', commission: '1.00' },
        }),
      ),
    ).toBe('Пересчитаны итоги: сумма 0.00 → 10.00 RUB, комиссия 0.00 → 1.00 RUB');
    expect(
      timelineSummary(
        env('orders.conflicts-detected', {
          forced: true,
          conflicts: [{ severity: 'error' }, { severity: 'warning' }],
        }),
      ),
    ).toBe('Обнаружены конфликты маршрута: 2 (ошибок: 1, предупреждений: 1); ошибки приняты принудительно');
    expect(timelineSummary(env('orders.deleted', n))).toBe('Заказ 2026-000123 удалён');
    expect(timelineSummary(env('orders.client-relinked', { ...n, toClientId: 'c2' }))).toBe(
      'Клиенты объединены: ссылки заказа 2026-000123 перенесены на клиента c2',
    );
  });

  it('maps an order event to a row with its actor and outbox position, and ignores other events', () => {
    expect(timelineEntryOf(env('orders.created', { number: '1' }))).toMatchObject({
      orderId: '01934f5e-0000-7000-8000-000000000002',
      seq: '42',
      kind: 'orders.created',
      actorRole: 'operator',
      actorUserId: '01934f5e-0000-7000-8000-000000000003',
    });
    expect(timelineEntryOf({ ...env('clients.created', {}), aggregateType: 'client' })).toBeNull();
  });
});
