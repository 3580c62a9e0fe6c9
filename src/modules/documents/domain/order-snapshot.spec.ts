import { serviceTimes } from './order-snapshot';
import { sampleDocumentData } from './sample-document-data';
import {
  buildDocumentData,
  canonicalJson,
  describeService,
  type OrderSnapshot,
  type SnapshotService,
} from './order-snapshot';

const agency = sampleDocumentData().agency;
const place = (city: string, extra: Record<string, string> = {}) => ({
  city,
  country: 'FR',
  timeZone: 'Europe/Paris',
  ...extra,
});

function service(overrides: Partial<SnapshotService>): SnapshotService {
  return {
    id: 's1',
    type: 'other',
    startAt: '2027-06-01T10:00:00+02:00',
    endAt: '2027-06-01T12:00:00+02:00',
    location: place('Париж'),
    destination: null,
    supplier: null,
    bookingRef: null,
    details: {},
    travellerIds: ['c1'],
    price: '100',
    currency: 'EUR',
    rate: '98.5',
    amount: '9850',
    ...overrides,
  };
}

const order: OrderSnapshot = {
  id: 'o1',
  number: '2026-000007',
  status: 'confirmed',
  currency: 'RUB',
  createdAt: '2026-11-20T12:00:00+03:00',
  deadline: null,
  note: null,
  client: { id: 'c1', fullName: 'Иванов Иван Иванович' },
  travellers: [
    { id: 'c1', fullName: 'Иванов Иван Иванович' },
    { id: 'c2', fullName: 'Иванова Мария Петровна' },
  ],
  totalAmount: '39850',
  commission: '1000.5',
  supplierCost: '38849.5',
  services: [
    service({
      id: 's3',
      type: 'excursion',
      startAt: '2027-06-03T10:00:00+02:00',
      endAt: '2027-06-03T13:00:00+02:00',
      details: { title: 'Лувр' },
    }),
    service({
      id: 's1',
      type: 'flight',
      startAt: '2027-06-01T10:00:00+03:00',
      endAt: '2027-06-01T14:00:00+02:00',
      location: { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' },
      destination: place('Париж', { iata: 'CDG' }),
      details: { flightNumber: 'SU2454' },
      travellerIds: ['c1', 'c2'],
      price: '30000',
      currency: 'RUB',
      rate: '1',
      amount: '30000',
    }),
  ],
  payments: [],
};

describe('buildDocumentData', () => {
  it('orders services by start, numbers them, groups days and sums per currency', () => {
    const data = buildDocumentData(order, agency, {
      type: 'invoice',
      number: 'СЧ-2026-000003',
      issuedAt: '2026-11-22T21:30:00Z',
    });
    expect(data.services.map((s) => [s.n, s.type, s.description, s.travellers, s.price, s.amount])).toEqual([
      [
        1,
        'flight',
        'Москва (SVO) — Париж (CDG), рейс SU2454',
        'Иванов Иван Иванович, Иванова Мария Петровна',
        '30000.00',
        '30000.00',
      ],
      [2, 'excursion', 'Лувр, Париж', 'Иванов Иван Иванович', '100.00', '9850.00'],
    ]);
    expect(data.days.map((d) => [d.n, d.date, d.services.length])).toEqual([
      [1, '2027-06-01', 1],
      [3, '2027-06-03', 1],
    ]);
    expect(data.totals).toEqual({
      total: '39850.00',
      commission: '1000.50',
      supplierCost: '38849.50',
      currency: 'RUB',
      byCurrency: [
        { currency: 'EUR', amount: '100.00' },
        { currency: 'RUB', amount: '30000.00' },
      ],
    });
    expect(data.document).toMatchObject({ date: '2026-11-23', city: 'Москва', title: 'Счёт на оплату' });
    expect(data.order).toMatchObject({
      startDate: '2027-06-01',
      endDate: '2027-06-03',
      note: '',
      travellerNames: 'Иванов Иван Иванович, Иванова Мария Петровна',
    });
    expect(data.payments).toEqual({ items: [], paid: '0.00', due: '39850.00', partlyPaid: false });
  });

  it('lists client payments and refunds in the order currency when the order has payments', () => {
    const data = buildDocumentData(
      {
        ...order,
        payments: [
          {
            id: 'p3',
            type: 'refund',
            paidAt: '2026-11-25T09:00:00Z',
            amountInOrderCurrency: '1000.5',
            method: 'card',
          },
          {
            id: 'p1',
            type: 'payment',
            paidAt: '2026-11-21T21:30:00Z',
            amountInOrderCurrency: '15000',
            method: 'bank_transfer',
          },
          {
            id: 'p2',
            type: 'supplier_payment',
            paidAt: '2026-11-22T10:00:00Z',
            amountInOrderCurrency: '38849.5',
            method: 'bank_transfer',
          },
          {
            id: 'p4',
            type: 'supplier_refund',
            paidAt: '2026-11-23T10:00:00Z',
            amountInOrderCurrency: '100',
            method: 'cash',
          },
          {
            id: 'p0',
            type: 'payment',
            paidAt: '2026-11-21T08:00:00Z',
            amountInOrderCurrency: '5000.25',
            method: 'cash',
          },
        ],
      },
      agency,
      { type: 'invoice', number: 'СЧ-1', issuedAt: '2026-11-26T10:00:00Z' },
    );
    expect(data.payments).toEqual({
      items: [
        { n: 1, paidAt: '2026-11-21', amount: '5000.25', currency: 'RUB', method: 'Наличные' },
        // 21:30 UTC is already the 22nd in Moscow
        { n: 2, paidAt: '2026-11-22', amount: '15000.00', currency: 'RUB', method: 'Банковский перевод' },
        { n: 3, paidAt: '2026-11-25', amount: '-1000.50', currency: 'RUB', method: 'Банковская карта' },
      ],
      paid: '18999.75',
      due: '20850.25',
      partlyPaid: true,
    });
  });

  it('owes nothing when the client paid more than the total', () => {
    const data = buildDocumentData(
      {
        ...order,
        payments: [
          {
            id: 'p1',
            type: 'payment',
            paidAt: '2026-11-21T10:00:00Z',
            amountInOrderCurrency: '40000.01',
            method: 'online',
          },
        ],
      },
      agency,
      { type: 'act', number: 'А-1', issuedAt: '2026-11-26T10:00:00Z' },
    );
    expect(data.payments.paid).toBe('40000.01');
    expect(data.payments.due).toBe('0.00');
    expect(data.payments.items[0].method).toBe('Онлайн-оплата');
  });

  it('hashes equal data equally whatever the key or service order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], u: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
    const identity = { type: 'act' as const, number: 'А-1', issuedAt: '2026-11-22T10:00:00Z' };
    const a = buildDocumentData(order, agency, identity);
    const b = buildDocumentData({ ...order, services: [...order.services].reverse() }, agency, identity);
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('gives empty dates and days when the order has no services', () => {
    const data = buildDocumentData({ ...order, services: [] }, agency, {
      type: 'proposal',
      number: 'КП-1',
      issuedAt: '2026-11-22T10:00:00Z',
    });
    expect(data.order.startDate).toBeNull();
    expect(data.days).toEqual([]);
    expect(data.totals.byCurrency).toEqual([]);
  });
});

describe('describeService', () => {
  it.each([
    [
      service({
        type: 'rail',
        location: place('Париж', { station: 'Gare de Lyon' }),
        destination: place('Лион'),
        details: { trainNumber: 'TGV 6601' },
      }),
      'Париж (Gare de Lyon) — Лион, поезд TGV 6601',
    ],
    [
      service({
        type: 'transfer',
        location: place('Париж', { address: 'CDG' }),
        destination: place('Париж'),
      }),
      'CDG — Париж',
    ],
    [service({ type: 'hotel', supplier: 'Hôtel Lutetia' }), 'Hôtel Lutetia, Париж'],
    [service({ type: 'hotel', details: { name: 'Ritz', roomType: 'люкс' } }), 'Ritz, Париж, люкс'],
    [service({ type: 'other', details: { description: 'Страховка' } }), 'Страховка, Париж'],
    [service({ type: 'other' }), 'Париж'],
  ])('describes service %# in one line', (s, text) => {
    expect(describeService(s)).toBe(text);
  });
});

describe('serviceTimes', () => {
  it('shows a stay with both dates in the hotel’s time and its nights when the hotel is abroad', () => {
    const paris = { city: 'Париж', timeZone: 'Europe/Paris' };
    expect(
      serviceTimes({
        type: 'hotel',
        startAt: '2027-06-01T13:00:00Z',
        endAt: '2027-06-05T10:00:00Z',
        location: paris,
        destination: null,
      }),
    ).toEqual({
      startLocal: '01.06.2027 15:00 (Париж)',
      endLocal: '05.06.2027 12:00 (Париж)',
      nights: 4,
      when: '01.06.2027 15:00 — 05.06.2027 12:00 (Париж), 4 ночи',
    });
    const flight = serviceTimes({
      type: 'flight',
      startAt: '2027-06-01T07:00:00Z',
      endAt: '2027-06-01T12:00:00Z',
      location: { city: 'Москва', timeZone: 'Europe/Moscow' },
      destination: paris,
    });
    expect(flight.when).toBe('01.06.2027 10:00 — 01.06.2027 14:00 (Париж)');
    expect(flight.nights).toBeNull();
  });
});
