import type { DomainEventEnvelope } from '../../../shared/domain/domain-event';
import { upcastEnvelope } from '../../../shared/domain/event-contract';
import { placeTime } from '../../../shared/domain/place-time';
import {
  TIMELINE_UPCASTERS,
  type TimelineEvent,
  timelineEntryOf,
  timelineSummary,
  withSurvivorName,
} from './timeline-entry';

/** An event as stored before contracts were versioned (no `v`), upcast as the relay and a rebuild do. */
const env = (name: string, payload: Record<string, unknown>): TimelineEvent =>
  upcastEnvelope(
    {
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
    } as DomainEventEnvelope,
    TIMELINE_UPCASTERS,
  ) as unknown as TimelineEvent;

const paris = { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' };
const moscow = { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow' };

describe('timeline entries', () => {
  it('summarises every order event in Russian, with the words of the one label table', () => {
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
    ).toBe('Добавлена услуга: ж/д билеты Москва → Казань — несмотря на конфликты (принудительно)');
    expect(
      timelineSummary(env('orders.service-updated', { serviceType: 'hotel', diff: { price: {} } })),
    ).toBe('Изменена услуга (проживание): цена');
    expect(
      timelineSummary(
        env('orders.service-removed', {
          serviceType: 'hotel',
          diff: { location: { from: { city: 'Рим' }, to: null } },
        }),
      ),
    ).toBe('Удалена услуга: проживание Рим');
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
    // no client id (nor name) in the stored summary: the name is put in when the timeline is read
    expect(timelineSummary(env('orders.client-relinked', { ...n, toClientId: 'c2' }))).toBe(
      'Клиенты объединены: ссылки заказа 2026-000123 перенесены на другого клиента',
    );
    expect(
      withSurvivorName(
        timelineSummary(env('orders.client-relinked', { ...n, toClientId: 'c2' })),
        'c2',
        'Иванов И.',
      ),
    ).toBe('Клиенты объединены: ссылки заказа 2026-000123 перенесены на клиента Иванов И.');
    expect(
      timelineSummary(
        env('orders.service-confirmation-set', {
          ...n,
          serviceType: 'hotel',
          status: 'rejected',
          supplier: 'Hotel Louvre',
        }),
      ),
    ).toBe('Поставщик Hotel Louvre отклонил услугу (проживание)');
  });

  it('summarises payments and outdated documents of the order', () => {
    const payment = {
      orderId: 'o1',
      orderNumber: '2026-000123',
      type: 'refund',
      amount: '100.00',
      currency: 'EUR',
      rate: '100.00',
      rateSource: 'cbr',
      orderCurrency: 'RUB',
      amountInOrderCurrency: '10000.00',
      method: 'cash',
      paidAt: '2026-11-29T10:00:00.000Z',
      diff: {},
    };
    expect(timelineSummary(env('finance.payment-recorded', payment))).toBe(
      'Возврат клиенту: 100.00 EUR = 10000.00 RUB по курсу 100.00',
    );
    expect(
      timelineSummary(
        env('finance.payment-cancelled', { ...payment, type: 'payment', currency: 'RUB', reason: 'ошибка' }),
      ),
    ).toBe('Отменён платёж (оплата от клиента): 100.00 RUB (причина: ошибка)');
    expect(
      timelineSummary(env('documents.outdated', { type: 'contract', number: 'Д-1', orderId: 'o1' })),
    ).toBe('Документ договор № Д-1 выдан и больше не соответствует заказу');
  });

  it("shows a service's times in the place's own zone, labelled where its clock differs from the agency's", () => {
    const service = {
      type: 'flight',
      supplier: 'Air',
      startAt: '2027-06-01T07:00:00.000Z',
      endAt: '2027-06-01T12:00:00.000Z',
      location: moscow,
      destination: paris,
      bookingRef: null,
      travellers: 2,
    };
    const added = env('orders.service-added', { serviceType: 'flight', forced: false, diff: {} });
    const v1 = { ...added, payload: { ...added.payload, service } } as TimelineEvent;
    expect(timelineSummary(v1)).toBe(
      'Добавлена услуга: авиаперелёт Москва → Париж, 01.06.2027 10:00 → 01.06.2027 14:00 (Париж)',
    );
    // an event stored before v1 has the same facts in its diff
    expect(
      timelineSummary(
        env('orders.service-added', {
          serviceType: 'hotel',
          forced: false,
          diff: {
            location: { from: null, to: paris },
            startAt: { from: null, to: '2027-06-01T13:00:00.000Z' },
            endAt: { from: null, to: '2027-06-05T08:00:00.000Z' },
          },
        }),
      ),
    ).toBe('Добавлена услуга: проживание Париж, 01.06.2027 15:00 (Париж) → 05.06.2027 10:00 (Париж)');
    expect(placeTime('2027-06-01T12:00:00.000Z', moscow)).toBe('01.06.2027 15:00');
    expect(placeTime('2027-06-01T12:00:00.000Z', { city: 'Нигде', timeZone: 'Not/AZone' })).toBe(
      '01.06.2027 15:00',
    );
  });

  it("names the merge's survivor when read, in today's rows and in rows stored with the survivor's id (918a285)", () => {
    const id = '01934f5e-0000-7000-8000-0000000000c2';
    expect(
      withSurvivorName(
        'Клиенты объединены: ссылки заказа 2026-000123 перенесены на другого клиента',
        id,
        'Петров П.',
      ),
    ).toBe('Клиенты объединены: ссылки заказа 2026-000123 перенесены на клиента Петров П.');
    expect(
      withSurvivorName(
        `Клиенты объединены: ссылки заказа 2026-000123 перенесены на клиента ${id}`,
        id,
        'Петров П.',
      ),
    ).toBe('Клиенты объединены: ссылки заказа 2026-000123 перенесены на клиента Петров П.');
    // another client's id (not this row's survivor) is left alone
    expect(
      withSurvivorName('Клиенты объединены: ссылки заказа 1 перенесены на клиента c9', id, 'Петров П.'),
    ).toBe('Клиенты объединены: ссылки заказа 1 перенесены на клиента c9');
  });

  it('maps an order event to a row with its actor and outbox position, and ignores other events', () => {
    expect(timelineEntryOf(env('orders.created', { number: '1' }))).toMatchObject({
      orderId: '01934f5e-0000-7000-8000-000000000002',
      seq: '42',
      kind: 'orders.created',
      actorRole: 'operator',
      actorUserId: '01934f5e-0000-7000-8000-000000000003',
      payload: { v: 1, number: '1', facts: null },
    });
    expect(timelineEntryOf({ ...env('orders.created', {}), name: 'clients.created' } as never)).toBeNull();
    expect(
      timelineEntryOf(env('finance.payment-recorded', { orderId: 'o9', type: 'payment' })),
    ).toMatchObject({
      orderId: 'o9',
      kind: 'finance.payment-recorded',
    });
  });
});
