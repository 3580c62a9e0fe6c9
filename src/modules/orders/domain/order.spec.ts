import { ValidationError } from '../../../shared/domain/domain-error';
import { Order, type ServiceChangeContext } from './order';
import {
  CurrencyChangeError,
  InvalidOrderTransitionError,
  OrderLockedError,
  OrderNotDeletableError,
  ServiceConflictError,
} from './order-errors';
import type { ServiceInput } from './service';

const PAYER = '01934f5e-0000-7000-8000-0000000000a1';
const OTHER = '01934f5e-0000-7000-8000-0000000000a2';
const SURVIVOR = '01934f5e-0000-7000-8000-0000000000a3';
const USER = '01934f5e-0000-7000-8000-0000000000f1';
const now = new Date('2026-11-29T10:00:00Z');
const ctx = { by: USER, now };
const svcCtx = (force = false): ServiceChangeContext => ({
  ...ctx,
  force,
  conflicts: { minConnectionMinutes: 60 },
});
let seq = 0;
const sid = () => `01934f5e-0000-7000-8000-${String(++seq).padStart(12, '0')}`;

const flight = (over: Partial<ServiceInput> = {}): ServiceInput => ({
  type: 'flight',
  startAt: '2027-06-01T10:00:00+03:00',
  endAt: '2027-06-01T14:00:00+02:00',
  location: { city: 'Москва', country: 'RU', iata: 'SVO', timeZone: 'Europe/Moscow' },
  destination: { city: 'Париж', country: 'FR', iata: 'CDG', timeZone: 'Europe/Paris' },
  price: '30000.00',
  currency: 'RUB',
  commission: { percent: '5' },
  ...over,
});

function newOrder(): Order {
  const o = Order.create(
    '01934f5e-0000-7000-8000-0000000000c1',
    '2026-000001',
    {
      clientId: PAYER,
      travellerIds: [PAYER, OTHER],
      currency: 'rub',
    },
    'Payer',
    ctx,
  );
  o.pullEvents();
  return o;
}

describe('Order aggregate', () => {
  it('is created as a draft with the payer as traveller by default and records orders.created with a diff', () => {
    const o = Order.create(
      '01934f5e-0000-7000-8000-0000000000c2',
      '2026-000002',
      { clientId: PAYER, currency: 'EUR' },
      'P',
      ctx,
    );
    expect(o.status).toBe('draft');
    expect(o.travellerIds).toEqual([PAYER]);
    expect(o.state().managerId).toBe(USER);
    const [e] = o.pullEvents();
    expect(e.name).toBe('orders.created');
    expect(e.aggregateVersion).toBe(1);
    expect((e.payload as { diff: Record<string, unknown> }).diff).toMatchObject({
      status: { from: null, to: 'draft' },
      currency: { from: null, to: 'EUR' },
      travellerIds: { from: null, to: [PAYER] },
    });
    expect(o.version).toBe(1);
  });

  it('rejects a bad payer, currency, deadline and travellers with one 422 listing each field', () => {
    try {
      Order.create(
        'x',
        'n',
        { clientId: 'nope', currency: 'ABC', deadline: '2027-05-15', travellerIds: [] },
        '',
        ctx,
      );
      throw new Error('expected a validation error');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors.map((f) => f.field).sort()).toEqual(
        ['clientId', 'currency', 'deadline', 'travellerIds'].sort(),
      );
    }
  });

  it('adds a service with conversion and commission, recalculating totals with old and new values in the event', () => {
    const o = newOrder();
    const { service, conflicts } = o.addService(
      sid(),
      flight({ price: '400.00', currency: 'EUR', rate: '98.5', commission: { amount: '20.00' } }),
      svcCtx(),
    );
    expect(service).toMatchObject({
      amount: '39400.00',
      commissionAmount: '1970.00',
      travellerIds: [PAYER, OTHER],
    });
    expect(conflicts).toEqual([]);
    expect(o.totals).toEqual({
      totalAmount: '39400.00',
      commission: '1970.00',
      supplierCost: '37430.00',
      margin: '1970.00',
    });
    const events = o.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['orders.service-added', 'orders.totals-recalculated']);
    expect(events.every((e) => e.aggregateVersion === 2)).toBe(true);
    expect(events[1].payload).toMatchObject({
      from: { totalAmount: '0.00' },
      to: { totalAmount: '39400.00' },
      diff: { totalAmount: { from: '0.00', to: '39400.00' } },
    });
    expect(o.version).toBe(2);
  });

  it('blocks a service creating an error conflict, leaving the order untouched; force saves it and says so', () => {
    const o = newOrder();
    o.addService(sid(), flight(), svcCtx());
    o.pullEvents();
    const overlapping = flight({ startAt: '2027-06-01T11:00:00+03:00' });
    expect(() => o.addService(sid(), overlapping, svcCtx())).toThrow(ServiceConflictError);
    expect(o.services).toHaveLength(1);
    expect(o.hasChanges).toBe(false);
    const { conflicts } = o.addService(sid(), overlapping, svcCtx(true));
    expect(conflicts.map((c) => c.code)).toEqual(['TIME_OVERLAP']);
    const events = o.pullEvents();
    expect(events.map((e) => e.name)).toEqual([
      'orders.service-added',
      'orders.conflicts-detected',
      'orders.totals-recalculated',
    ]);
    expect(events[0].payload).toMatchObject({ forced: true, diff: { force: { from: false, to: true } } });
    expect(events[1].payload).toMatchObject({ forced: true });
  });

  it('updates a service (only what changed is in the diff) and removes one, totals following', () => {
    const o = newOrder();
    const id = sid();
    o.addService(id, flight(), svcCtx());
    o.pullEvents();
    const same = o.updateService(id, { price: '30000.00' }, svcCtx());
    expect(same.service?.id).toBe(id);
    expect(o.hasChanges).toBe(false);
    o.updateService(id, { price: '31000.50', bookingRef: 'XYZ' }, svcCtx());
    const [updated] = o.pullEvents();
    expect(Object.keys((updated.payload as { diff: object }).diff).sort()).toEqual(
      ['amount', 'bookingRef', 'commissionAmount', 'price'].sort(),
    );
    expect(o.totals.totalAmount).toBe('31000.50');
    o.removeService(id, svcCtx());
    expect(o.services).toEqual([]);
    expect(o.totals.totalAmount).toBe('0.00');
    expect(o.pendingServiceWrites().removed).toEqual([id]);
    expect(() => o.removeService(id, svcCtx())).toThrow('was not found');
  });

  it('drops a rate that belonged to the old currency and marks a typed rate manual', () => {
    const o = newOrder();
    const id = sid();
    o.addService(
      id,
      flight({ currency: 'EUR', rate: '99.1234', rateSource: 'cbr', rateDate: '2027-05-01' }),
      svcCtx(),
    );
    expect(o.services[0]).toMatchObject({ rateSource: 'cbr', rateDate: '2027-05-01' });
    // a new currency without a rate (none stored): 422 on rate, never the old currency's rate
    expect(() => o.updateService(id, { currency: 'usd' }, svcCtx())).toThrow(ValidationError);
    // back to the order currency: parity
    expect(o.updateService(id, { currency: 'RUB' }, svcCtx()).service).toMatchObject({
      rate: '1',
      rateSource: 'parity',
      rateDate: null,
    });
    o.updateService(id, { currency: 'EUR', rate: '100' }, svcCtx());
    expect(o.services[0]).toMatchObject({ rate: '100', rateSource: 'manual', rateDate: null });
    o.updateService(id, { price: '10.00' }, svcCtx());
    expect(o.services[0]).toMatchObject({ rate: '100', rateSource: 'manual', amount: '1000.00' });
  });

  it('rejects a service traveller who is not on the order and a currency change while services exist', () => {
    const o = newOrder();
    expect(() => o.addService(sid(), flight({ travellerIds: [SURVIVOR] }), svcCtx())).toThrow(
      ValidationError,
    );
    o.addService(sid(), flight(), svcCtx());
    expect(() => o.update({ currency: 'EUR' }, ctx)).toThrow(CurrencyChangeError);
    expect(() => o.update({ travellerIds: [PAYER] }, ctx)).toThrow(ValidationError);
  });

  it('records orders.updated only with the fields that changed', () => {
    const o = newOrder();
    expect(o.update({ note: null }, ctx)).toEqual({});
    expect(o.hasChanges).toBe(false);
    const diff = o.update({ note: '  VIP ', deadline: '2027-05-15T18:00:00+03:00' }, ctx);
    expect(diff).toEqual({
      note: { from: null, to: 'VIP' },
      deadline: { from: null, to: '2027-05-15T15:00:00.000Z' },
    });
  });

  it('walks the status machine and refuses a forbidden transition listing the allowed ones', () => {
    const o = newOrder();
    try {
      o.changeStatus('in_progress', null, ctx);
      throw new Error('expected a transition error');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidOrderTransitionError);
      expect((err as InvalidOrderTransitionError).details).toMatchObject({
        allowed: ['confirmed', 'cancelled'],
      });
    }
    o.changeStatus('confirmed', null, ctx);
    o.changeStatus('in_progress', null, ctx);
    o.changeStatus('completed', null, ctx);
    expect(() => o.changeStatus('cancelled', 'late', ctx)).toThrow(InvalidOrderTransitionError);
    expect(() => o.addService(sid(), flight(), svcCtx())).toThrow(OrderLockedError);
    expect(() => o.update({ note: 'x' }, ctx)).toThrow(OrderLockedError);
    expect(o.pullEvents().map((e) => (e.payload as { to: string }).to)).toEqual([
      'confirmed',
      'in_progress',
      'completed',
    ]);
  });

  it('needs a reason to cancel and keeps it', () => {
    const o = newOrder();
    expect(() => o.changeStatus('cancelled', '  ', ctx)).toThrow(ValidationError);
    o.changeStatus('cancelled', 'Клиент передумал', ctx);
    expect(o.state().cancelReason).toBe('Клиент передумал');
    expect(() => o.removeService(sid(), svcCtx())).toThrow(OrderLockedError);
  });

  it('deletes only a draft', () => {
    const o = newOrder();
    o.delete(ctx);
    expect(o.deleted).toBe(true);
    expect(o.pullEvents().map((e) => e.name)).toEqual(['orders.deleted']);
    const c = newOrder();
    c.changeStatus('confirmed', null, ctx);
    expect(() => c.delete(ctx)).toThrow(OrderNotDeletableError);
  });

  it('moves payer and travellers of the order and its services from a duplicate to the survivor', () => {
    const o = newOrder();
    const id = sid();
    o.addService(id, flight({ travellerIds: [PAYER] }), svcCtx());
    o.pullEvents();
    o.clearServiceWrites();
    expect(o.relinkClient(SURVIVOR, PAYER, ctx)).toBe(false);
    expect(o.relinkClient(PAYER, SURVIVOR, ctx, 'Survivor')).toBe(true);
    expect(o.clientId).toBe(SURVIVOR);
    expect(o.travellerIds).toEqual([SURVIVOR, OTHER]);
    expect(o.services[0].travellerIds).toEqual([SURVIVOR]);
    expect(o.state().payerName).toBe('Survivor');
    expect(o.pendingServiceWrites().updated.map((s) => s.id)).toEqual([id]);
    const [e] = o.pullEvents();
    expect(e.name).toBe('orders.client-relinked');
    expect((e.payload as { diff: Record<string, unknown> }).diff).toMatchObject({
      clientId: { from: PAYER, to: SURVIVOR },
      [`services.${id}.travellerIds`]: { from: [PAYER], to: [SURVIVOR] },
    });
  });

  it('recalculates to the same totals without recording anything', () => {
    const o = newOrder();
    expect(o.recalculateTotals(ctx)).toBe(false);
    expect(o.hasChanges).toBe(false);
  });
});
