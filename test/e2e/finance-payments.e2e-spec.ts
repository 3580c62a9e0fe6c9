import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { orderWithTotal, pay } from '../support/finance';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

describe('finance: payments and balances (e2e)', () => {
  let t: TestApp;
  let accountant: CrmClient;
  let accountantId: string;
  let operator: CrmClient;

  beforeAll(async () => {
    t = await startTestApp();
    const a = await t.userClient('accountant');
    accountant = a.client;
    accountantId = a.id;
    operator = (await t.userClient('operator')).client;
  });
  afterAll(() => t.close());

  const balance = async (id: string) =>
    (await accountant.GET('/api/v1/orders/{id}/balance', { params: { path: { id } } })).data!;

  it('stores the rate, its source and the converted amount of a EUR payment on a RUB order, with the FX difference against the order’s EUR rate', async () => {
    const order = await orderWithTotal(operator, { withEuroHotel: true });
    // 10000 RUB + 400 EUR × 98.50 = 49400.00
    expect(order.totalAmount).toBe('49400.00');
    const r = await pay(accountant, order.id, {
      amount: '100.00',
      currency: 'eur',
      rate: '100.25',
      reference: 'п/п 17',
    });
    expect(r.response.status).toBe(201);
    expect(r.data).toMatchObject({
      orderId: order.id,
      orderNumber: order.number,
      type: 'payment',
      amount: '100.00',
      currency: 'EUR',
      rate: '100.25',
      rateSource: 'manual',
      orderCurrency: 'RUB',
      amountInOrderCurrency: '10025.00',
      orderRate: '98.5',
      fxDifference: '175.00',
      method: 'bank_transfer',
      reference: 'п/п 17',
      paidAt: '2027-05-01T09:00:00.000Z',
      createdBy: accountantId,
      cancelledBy: null,
    });
    expect(await balance(order.id)).toEqual({
      orderId: order.id,
      number: order.number,
      currency: 'RUB',
      status: 'draft',
      totalAmount: '49400.00',
      commission: '2970.00',
      paid: '10025.00',
      refunded: '0.00',
      due: '39375.00',
      overpayment: '0.00',
      supplierCost: '46430.00',
      paidToSuppliers: '0.00',
      supplierBalance: '46430.00',
      realisedMargin: '10025.00',
      fxDifference: '175.00',
    });
  });

  it('answers 409 naming the limit when a refund exceeds what was paid net of earlier refunds, and writes nothing', async () => {
    const order = await orderWithTotal(operator, { total: '50000.00' });
    expect((await pay(accountant, order.id, { amount: '30000.00' })).response.status).toBe(201);
    expect((await pay(accountant, order.id, { type: 'refund', amount: '10000.00' })).response.status).toBe(
      201,
    );
    const over = await pay(accountant, order.id, { type: 'refund', amount: '20000.01' });
    expect(over.response.status).toBe(409);
    expect(over.error).toMatchObject({ code: 'FINANCE.REFUND_LIMIT', limit: '20000.00', currency: 'RUB' });
    const exact = await pay(accountant, order.id, { type: 'refund', amount: '20000.00' });
    expect(exact.response.status).toBe(201);
    expect(await balance(order.id)).toMatchObject({
      paid: '30000.00',
      refunded: '30000.00',
      due: '50000.00',
    });
    const rows = await dbRows(t.db.url, `SELECT 1 FROM payments WHERE order_id = $1`, [order.id]);
    expect(rows).toHaveLength(3);
  });

  it('answers 422 for a zero or negative amount and for a foreign currency with no rate given or stored', async () => {
    const order = await orderWithTotal(operator);
    const zero = await pay(accountant, order.id, { amount: '0.00' });
    expect(zero.response.status).toBe(422);
    expect(zero.error!.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
    const negative = await pay(accountant, order.id, { amount: '-5.00' });
    expect(negative.response.status).toBe(422);
    const noRate = await pay(accountant, order.id, { amount: '5.00', currency: 'CNY' });
    expect(noRate.response.status).toBe(422);
    expect(noRate.error!.errors).toEqual([
      { field: 'rate', message: expect.stringContaining('no CNY rate') },
    ]);
  });

  it('leaves an exact balance when 20 payments on one order arrive concurrently', async () => {
    const order = await orderWithTotal(operator, { total: '100000.00' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay(accountant, order.id, { amount: `${1000 + i}.01` })),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(201));
    // Σ (1000 + i + 0.01) for i < 20 = 20000 + 190 + 0.20
    expect(await balance(order.id)).toMatchObject({ paid: '20190.20', due: '79809.80' });
    const [row] = await dbRows<{ paid: string }>(
      t.db.url,
      `SELECT paid::text FROM finance_orders WHERE order_id = $1`,
      [order.id],
    );
    expect(row.paid).toBe('20190.20');
  });

  it('records one payment for the same Idempotency-Key twice', async () => {
    const order = await orderWithTotal(operator);
    const key = `pay-${Date.now()}`;
    const a = await pay(accountant, order.id, { amount: '500.00' }, key);
    const b = await pay(accountant, order.id, { amount: '500.00' }, key);
    expect(b.data!.id).toBe(a.data!.id);
    expect(await balance(order.id)).toMatchObject({ paid: '500.00' });
  });

  it('restores the balance when a payment is cancelled by a reversal entry, and shows it in the audit and the timeline', async () => {
    const order = await orderWithTotal(operator, { total: '20000.00' });
    const p = await pay(accountant, order.id, { amount: '15000.00' });
    expect(await balance(order.id)).toMatchObject({ paid: '15000.00', due: '5000.00' });
    const c = await accountant.POST('/api/v1/payments/{id}/cancel', {
      params: { path: { id: p.data!.id } },
      body: { reason: 'Ошибочный платёж' },
    });
    expect(c.response.status).toBe(200);
    expect(c.data).toMatchObject({ id: p.data!.id, cancelReason: 'Ошибочный платёж' });
    expect(await balance(order.id)).toMatchObject({ paid: '0.00', due: '20000.00' });

    const list = await accountant.GET('/api/v1/orders/{id}/payments', { params: { path: { id: order.id } } });
    expect(list.data!.items).toHaveLength(2);
    const reversal = list.data!.items.find((x) => x.reversalOf === p.data!.id)!;
    expect(reversal).toMatchObject({ amount: '-15000.00', amountInOrderCurrency: '-15000.00' });
    expect(list.data!.items.find((x) => x.id === p.data!.id)!.cancelledBy).toBe(reversal.id);
    const live = await accountant.GET('/api/v1/payments', {
      params: { query: { orderId: order.id, includeCancelled: false } },
    });
    expect(live.data!.total).toBe(0);

    const again = await accountant.POST('/api/v1/payments/{id}/cancel', {
      params: { path: { id: p.data!.id } },
      body: {},
    });
    expect(again.response.status).toBe(409);
    expect(again.error!.code).toBe('FINANCE.NOT_CANCELLABLE');

    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entityId: p.data!.id, action: 'finance.payment-cancelled' } },
      });
      return r.data!.items.length > 0 ? r.data!.items : null;
    });
    expect(audit[0]).toMatchObject({ userId: accountantId, role: 'accountant', entity: 'payment' });
    expect(audit[0].diff).toMatchObject({ cancelled: { from: false, to: true } });

    const timeline = await eventually(async () => {
      const r = await operator.GET('/api/v1/orders/{id}/timeline', { params: { path: { id: order.id } } });
      const kinds = r.data!.items.map((x) => x.kind);
      return kinds.includes('finance.payment-cancelled') ? r.data!.items : null;
    });
    expect(timeline.map((x) => x.summary)).toEqual(
      expect.arrayContaining([
        'Оплата от клиента: 15000.00 RUB',
        'Отменён платёж (оплата от клиента): 15000.00 RUB (причина: Ошибочный платёж)',
      ]),
    );
  });

  it('refuses to cancel a payment that refunds already rely on', async () => {
    const order = await orderWithTotal(operator, { total: '20000.00' });
    const p = await pay(accountant, order.id, { amount: '1000.00' });
    await pay(accountant, order.id, { type: 'refund', amount: '600.00' });
    const c = await accountant.POST('/api/v1/payments/{id}/cancel', {
      params: { path: { id: p.data!.id } },
      body: {},
    });
    expect(c.response.status).toBe(409);
    expect(await balance(order.id)).toMatchObject({ paid: '1000.00', refunded: '600.00' });
  });

  it('takes only refunds on a cancelled order', async () => {
    const order = await orderWithTotal(operator, { total: '20000.00' });
    await pay(accountant, order.id, { amount: '3000.00' });
    const s = await operator.POST('/api/v1/orders/{id}/status', {
      params: { path: { id: order.id } },
      body: { status: 'cancelled', reason: 'Клиент передумал' },
    });
    expect(s.response.status).toBe(200);
    const more = await pay(accountant, order.id, { amount: '1.00' });
    expect(more.response.status).toBe(409);
    expect(more.error!.code).toBe('FINANCE.ORDER_CANCELLED');
    const refund = await pay(accountant, order.id, { type: 'refund', amount: '3000.00' });
    expect(refund.response.status).toBe(201);
    expect(await balance(order.id)).toMatchObject({
      status: 'cancelled',
      paid: '3000.00',
      refunded: '3000.00',
    });
  });

  it('ties a supplier payment to a service and its supplier, and counts it in the supplier balance and realised margin', async () => {
    const order = await orderWithTotal(operator, { total: '10000.00', supplier: 'Экскурсии Плюс' });
    const got = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } });
    const serviceId = got.data!.services[0].id;
    await pay(accountant, order.id, { amount: '10000.00' });
    const s = await pay(accountant, order.id, { type: 'supplier_payment', amount: '8000.00', serviceId });
    expect(s.response.status).toBe(201);
    expect(s.data).toMatchObject({ serviceId, supplier: 'Экскурсии Плюс' });
    expect(await balance(order.id)).toMatchObject({
      due: '0.00',
      supplierCost: '9000.00',
      paidToSuppliers: '8000.00',
      supplierBalance: '1000.00',
      realisedMargin: '2000.00',
    });
  });

  it('answers 403 to an operator recording a payment and 404 for an unknown order', async () => {
    const order = await orderWithTotal(operator);
    expect((await pay(operator, order.id, { amount: '1.00' })).response.status).toBe(403);
    const missing = await pay(accountant, '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11', { amount: '1.00' });
    expect(missing.response.status).toBe(404);
  });
});
