import { OrderLedger, EMPTY_SUMS } from './ledger';
import { Payment, type RecordPaymentInput } from './payment';

const ledger = (status = 'confirmed', sums = EMPTY_SUMS) =>
  new OrderLedger('o1', '2026-000001', 'RUB', status, sums);
const input = (o: Partial<RecordPaymentInput> = {}): RecordPaymentInput => ({
  type: 'payment',
  amount: '100.00',
  currency: 'EUR',
  method: 'card',
  paidAt: new Date('2027-05-01T09:00:00Z'),
  ...o,
});
const manual = (rate: string) => ({ rate, source: 'manual' as const, date: null });

describe('Payment', () => {
  it('converts at the fixed rate with half-even rounding and records finance.payment-recorded with a diff', () => {
    const l = ledger();
    const p = Payment.record('p1', input({ amount: '0.05' }), l, manual('98.5'), null, 'u1');
    expect(p.state.amountInOrderCurrency).toBe('4.92'); // 4.925 → 4.92
    expect(l.current.paid).toBe('4.92');
    const [e] = p.pullEvents();
    expect(e.name).toBe('finance.payment-recorded');
    expect(e.aggregateType).toBe('payment');
    expect((e.payload as { diff: Record<string, unknown> }).diff).toMatchObject({
      amount: { from: null, to: '0.05' },
      rate: { from: null, to: '98.5' },
    });
  });

  it('signs the FX difference: a gain on a client payment above the order rate, a loss on a supplier payment', () => {
    const l = ledger();
    const a = Payment.record('p1', input(), l, manual('100'), '98.5', null);
    expect(a.state.fxDifference).toBe('150.00');
    const b = Payment.record('p2', input({ type: 'supplier_payment' }), l, manual('100'), '98.5', null);
    expect(b.state.fxDifference).toBe('-150.00');
    expect(l.current.fxDifference).toBe('0.00');
  });

  it('rejects a zero amount, a third decimal, and anything but refunds on a cancelled order', () => {
    expect(() => Payment.record('p', input({ amount: '0' }), ledger(), manual('1'), null, null)).toThrow(
      expect.objectContaining({
        fieldErrors: [{ field: 'amount', message: 'amount must be greater than 0' }],
      }),
    );
    expect(() => Payment.record('p', input({ amount: '1.005' }), ledger(), manual('1'), null, null)).toThrow(
      expect.objectContaining({ fieldErrors: [expect.objectContaining({ field: 'amount' })] }),
    );
    expect(() => Payment.record('p', input(), ledger('cancelled'), manual('1'), null, null)).toThrow(
      expect.objectContaining({ code: 'FINANCE.ORDER_CANCELLED' }),
    );
  });

  it('limits a refund to payments net of refunds and a supplier refund to supplier payments net of theirs', () => {
    const l = ledger('cancelled', {
      ...EMPTY_SUMS,
      paid: '500.00',
      refunded: '200.00',
      supplierPaid: '50.00',
    });
    expect(() =>
      Payment.record(
        'r',
        input({ type: 'refund', amount: '300.01', currency: 'RUB' }),
        l,
        manual('1'),
        null,
        null,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'FINANCE.REFUND_LIMIT',
        details: expect.objectContaining({ limit: '300.00' }),
      }),
    );
    expect(() =>
      Payment.record(
        'r',
        input({ type: 'supplier_refund', amount: '51', currency: 'RUB' }),
        l,
        manual('1'),
        null,
        null,
      ),
    ).toThrow(expect.objectContaining({ code: 'FINANCE.REFUND_LIMIT' }));
    Payment.record(
      'r',
      input({ type: 'refund', amount: '300', currency: 'RUB' }),
      l,
      manual('1'),
      null,
      null,
    );
    expect(l.current.refunded).toBe('500.00');
  });

  it('cancels with a negative reversal entry that restores the ledger, once, and never cancels a reversal', () => {
    const l = ledger();
    const p = Payment.record('p1', input(), l, manual('100'), '98.5', null);
    p.pullEvents();
    const rev = p.cancel('r1', 'ошибка', l, 'u2', new Date('2027-05-02T00:00:00Z'));
    expect(rev.state).toMatchObject({
      amount: '-100.00',
      amountInOrderCurrency: '-10000.00',
      fxDifference: '-150.00',
      reversalOf: 'p1',
    });
    expect(l.current).toMatchObject({ paid: '0.00', fxDifference: '0.00' });
    expect(p.state.cancelledBy).toBe('r1');
    const [e] = p.pullEvents();
    expect(e).toMatchObject({
      name: 'finance.payment-cancelled',
      payload: { reversalId: 'r1', reason: 'ошибка' },
    });
    expect(() => p.cancel('r2', null, l, null, new Date())).toThrow(
      expect.objectContaining({ code: 'FINANCE.NOT_CANCELLABLE' }),
    );
    expect(() => rev.cancel('r3', null, l, null, new Date())).toThrow('reversal');
  });

  it('refuses to cancel a client payment when refunds would exceed the payments left', () => {
    const l = ledger();
    const p = Payment.record('p1', input({ currency: 'RUB' }), l, manual('1'), null, null);
    Payment.record(
      'r1',
      input({ type: 'refund', amount: '60', currency: 'RUB' }),
      l,
      manual('1'),
      null,
      null,
    );
    expect(() => p.cancel('x', null, l, null, new Date())).toThrow('cancel a refund first');
  });
});

describe('Payment: what it takes from the order', () => {
  const services = [
    { id: 's1', supplier: 'Аэрофлот', currency: 'RUB', rate: '1' },
    { id: 's2', supplier: 'Hotel Louvre', currency: 'EUR', rate: '98.5' },
  ];

  it("names the service's supplier for a supplier payment unless one is given", () => {
    expect(Payment.supplierOf({ type: 'supplier_payment', serviceId: 's2' }, services)).toBe('Hotel Louvre');
    expect(
      Payment.supplierOf({ type: 'supplier_refund', serviceId: 's1', supplier: 'Агент' }, services),
    ).toBe('Агент');
    expect(Payment.supplierOf({ type: 'payment', supplier: null }, services)).toBeNull();
  });

  it('refuses a service of another order and a client payment that names a service', () => {
    const errorOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { fieldErrors: unknown }).fieldErrors;
      }
      return null;
    };
    expect(
      errorOf(() => Payment.supplierOf({ type: 'supplier_payment', serviceId: 'sX' }, services)),
    ).toEqual([{ field: 'serviceId', message: 'serviceId is not a service of this order' }]);
    expect(errorOf(() => Payment.supplierOf({ type: 'payment', serviceId: 's1' }, services))).toEqual([
      { field: 'serviceId', message: 'only supplier payments refer to a service' },
    ]);
  });

  it("takes the services' rate of a foreign currency, none in the order currency", () => {
    expect(Payment.orderRateFor('RUB', services, 'EUR')).toBe('98.5');
    expect(Payment.orderRateFor('RUB', services, 'RUB')).toBeNull();
    expect(Payment.orderRateFor('RUB', services, 'USD')).toBeNull();
  });
});
