import { CLIENT_TOTALS_DIFF_SQL, DEBT_TOTALS_DIFF_SQL } from '../../../../test/support/finance-totals';
import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { OrderFacts } from '../domain/finance.repository.port';
import { Payment } from '../domain/payment';
import { SqlFinanceRepository } from './sql-finance.repository';

describe('SqlFinanceRepository on the migrated schema', () => {
  const db = useIntDb();
  const repo = () => new SqlFinanceRepository(db().uow);

  const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
    orderId: uuidv7(),
    number: '2026-000100',
    status: 'confirmed',
    currency: 'RUB',
    clientId: uuidv7(),
    managerId: null,
    deadline: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    totalAmount: '100000.00',
    commission: '5000.00',
    supplierCost: '95000.00',
    version: 3,
    ...over,
  });

  it('upserts the order facts, ignores a stale version and never touches the sums', async () => {
    const f = facts();
    await repo().upsertOrderFacts(f);
    await db().q(`UPDATE finance_orders SET paid = 10 WHERE order_id = $1`, [f.orderId]);
    await repo().upsertOrderFacts({ ...f, totalAmount: '1.00', version: 2 });
    await repo().upsertOrderFacts({ ...f, status: 'completed', totalAmount: '120000.00', version: 4 });
    const [row] = await db().q<{
      status: string;
      total_amount: string;
      paid: string;
      due: string;
      order_version: number;
    }>(
      `SELECT status, total_amount::text, paid::text, due::text, order_version FROM finance_orders WHERE order_id = $1`,
      [f.orderId],
    );
    expect(row).toEqual({
      status: 'completed',
      total_amount: '120000.00',
      paid: '10.00',
      due: '119990.00',
      order_version: 4,
    });
    await repo().markOrderDeleted(f.orderId);
    const [{ deleted }] = await db().q<{ deleted: boolean }>(
      `SELECT deleted FROM finance_orders WHERE order_id = $1`,
      [f.orderId],
    );
    expect(deleted).toBe(true);
    // a newer fact revives it (an undeleted order)
    await repo().upsertOrderFacts({ ...f, version: 5 });
    expect(
      (
        await db().q<{ deleted: boolean }>(`SELECT deleted FROM finance_orders WHERE order_id = $1`, [
          f.orderId,
        ])
      )[0].deleted,
    ).toBe(false);
  });

  it('upserts many orders in one statement with the same rules: stale versions ignored, sums untouched, deleted revived', async () => {
    const a = facts({ deadline: '2027-01-15T09:00:00.000Z', managerId: uuidv7() });
    const b = facts({ currency: 'EUR', totalAmount: '1234.56' });
    const c = facts();
    await repo().upsertOrderFacts({ ...a, version: 5, totalAmount: '1.00' });
    await db().q(`UPDATE finance_orders SET paid = 7 WHERE order_id = $1`, [a.orderId]);
    await repo().upsertOrderFacts(c);
    await repo().markOrderDeleted(c.orderId);
    await repo().upsertOrderFactsMany([]);
    await db().tx(() =>
      repo().upsertOrderFactsMany([
        { ...a, version: 4, totalAmount: '999.00' }, // older than the stored v5: ignored
        b,
        { ...c, version: 4, status: 'completed' },
      ]),
    );
    const rows = await db().q<Record<string, unknown>>(
      `SELECT order_id, status, currency, total_amount::text, paid::text, due::text, order_version, deleted,
              deadline, manager_id
         FROM finance_orders WHERE order_id = ANY($1::uuid[]) ORDER BY order_id`,
      [[a.orderId, b.orderId, c.orderId]],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        order_id: a.orderId,
        total_amount: '1.00',
        paid: '7.00',
        due: '-6.00',
        order_version: 5,
      }),
      expect.objectContaining({
        order_id: b.orderId,
        currency: 'EUR',
        total_amount: '1234.56',
        due: '1234.56',
        order_version: 3,
        deleted: false,
        deadline: null,
      }),
      expect.objectContaining({ order_id: c.orderId, status: 'completed', order_version: 4, deleted: false }),
    ]);
    // the single-row path's fields (deadline, manager) land as the many-row path writes them
    await repo().upsertOrderFactsMany([{ ...a, version: 6 }, facts()]);
    const [stored] = await db().q<{ deadline: Date; manager_id: string; total_amount: string }>(
      `SELECT deadline, manager_id, total_amount::text FROM finance_orders WHERE order_id = $1`,
      [a.orderId],
    );
    expect(stored).toEqual({
      deadline: new Date('2027-01-15T09:00:00.000Z'),
      manager_id: a.managerId,
      total_amount: '100000.00',
    });
  });

  it('records a payment against the locked ledger, cancels it by a reversal, and keeps the sums exact', async () => {
    const f = facts({ currency: 'EUR', totalAmount: '1000.00' });
    await repo().upsertOrderFacts(f);
    expect(await repo().lockLedger(uuidv7())).toBeNull();

    const paymentId = uuidv7();
    await db().tx(async () => {
      const ledger = (await repo().lockLedger(f.orderId))!;
      expect(ledger.current.paid).toBe('0.00');
      const p = Payment.record(
        paymentId,
        {
          type: 'payment',
          amount: '500.10',
          currency: 'USD',
          method: 'bank_transfer',
          paidAt: new Date('2026-11-02T09:00:00.000Z'),
          reference: 'п/п 17',
          note: 'аванс',
        },
        ledger,
        { rate: '0.92500000', source: 'cbr', date: '2026-11-02' },
        '0.9',
        null,
      );
      await repo().insertPayment(p);
      await repo().saveLedger(ledger);
    });
    const loaded = (await repo().findPayment(paymentId, false))!;
    expect(loaded.state).toMatchObject({
      orderId: f.orderId,
      orderNumber: f.number,
      type: 'payment',
      amount: '500.10',
      currency: 'USD',
      rate: '0.925',
      rateSource: 'cbr',
      rateDate: '2026-11-02',
      orderCurrency: 'EUR',
      amountInOrderCurrency: '462.59',
      orderRate: '0.9',
      method: 'bank_transfer',
      reference: 'п/п 17',
      note: 'аванс',
      paidAt: new Date('2026-11-02T09:00:00.000Z'),
      reversalOf: null,
      cancelledBy: null,
    });
    const afterPay = (await repo().lockLedger(f.orderId))!;
    expect(afterPay.current.paid).toBe('462.59');
    expect(afterPay.current.fxDifference).toBe(loaded.state.fxDifference);

    const reversalId = uuidv7();
    await db().tx(async () => {
      const ledger = (await repo().lockLedger(f.orderId))!;
      const p = (await repo().findPayment(paymentId, true))!;
      const reversal = p.cancel(reversalId, 'ошибка', ledger, null, new Date('2026-11-03T00:00:00.000Z'));
      await repo().insertPayment(reversal);
      await repo().saveCancellation(p);
      await repo().saveLedger(ledger);
    });
    const cancelled = (await repo().findPayment(paymentId, false))!;
    expect(cancelled.state).toMatchObject({ cancelledBy: reversalId, cancelReason: 'ошибка' });
    expect(cancelled.state.cancelledAt).toEqual(new Date('2026-11-03T00:00:00.000Z'));
    expect(cancelled.version).toBe(2);
    expect((await repo().findPayment(reversalId, false))!.state).toMatchObject({
      reversalOf: paymentId,
      amount: '-500.10',
      amountInOrderCurrency: '-462.59',
    });
    const ledger = (await repo().lockLedger(f.orderId))!;
    expect(ledger.current.paid).toBe('0.00');
    expect(ledger.current.fxDifference).toBe('0.00');
    // a second cancellation write changes nothing (only the first reversal counts)
    await repo().saveCancellation(
      Payment.reconstitute(paymentId, { ...cancelled.state, cancelledBy: uuidv7() as string }),
    );
    expect((await repo().findPayment(paymentId, false))!.state.cancelledBy).toBe(reversalId);
    expect(await repo().findPayment(uuidv7(), false)).toBeNull();
  });

  it('refuses a second reversal of the same payment (unique reversal_of)', async () => {
    const f = facts();
    await repo().upsertOrderFacts(f);
    const id = uuidv7();
    await db().q(
      `INSERT INTO payments (id, order_id, type, amount, currency, rate, rate_source, order_currency,
                             amount_in_order_currency, method, paid_at)
       VALUES ($1, $2, 'payment', 10, 'RUB', 1, 'parity', 'RUB', 10, 'cash', now())`,
      [id, f.orderId],
    );
    const reversal = () =>
      db().q(
        `INSERT INTO payments (id, order_id, type, amount, currency, rate, rate_source, order_currency,
                               amount_in_order_currency, method, paid_at, reversal_of)
         VALUES ($1, $2, 'payment', -10, 'RUB', 1, 'parity', 'RUB', -10, 'cash', now(), $3)`,
        [uuidv7(), f.orderId, id],
      );
    await reversal();
    await expect(reversal()).rejects.toThrow(/duplicate key|unique/);
  });

  it('keeps the running totals equal to a fresh aggregate, whatever a statement changes (statement triggers)', async () => {
    const payer = uuidv7();
    const manager = uuidv7();
    const batch = [
      facts({ clientId: payer, managerId: manager }),
      facts({ clientId: payer, managerId: manager, currency: 'USD' }),
      facts({ clientId: payer, status: 'cancelled' }),
      facts({ clientId: payer, supplierCost: '0.00' }),
    ];
    await repo().upsertOrderFactsMany(batch);
    // one statement updating several orders, half of them only in their version (no total moves)
    await repo().upsertOrderFactsMany(
      batch.map((f, i) => ({
        ...f,
        totalAmount: i % 2 ? f.totalAmount : '150000.00',
        version: f.version + 1,
      })),
    );
    await db().q(`UPDATE finance_orders SET paid = 70000 WHERE order_id = $1`, [batch[0].orderId]);
    await repo().upsertOrderFactsMany([{ ...batch[1], status: 'cancelled', version: 9 }]);
    await repo().markOrderDeleted(batch[3].orderId);
    await db().q(`DELETE FROM finance_orders WHERE order_id = $1`, [batch[2].orderId]);

    const [{ diff }] = await db().q<{ diff: number }>(CLIENT_TOTALS_DIFF_SQL);
    expect(diff).toBe(0);
    const [payerRub] = await db().q<{ orders: number; turnover: string; debt: string }>(
      `SELECT orders, turnover::text, debt::text FROM finance_client_totals WHERE client_id = $1 AND currency = 'RUB'`,
      [payer],
    );
    // batch[0] only: batch[1] is USD and cancelled, batch[2] cancelled then gone, batch[3] deleted
    expect(payerRub).toEqual({ orders: 1, turnover: '150000.00', debt: '80000.00' });
    const [debts] = await db().q<{ diff: number }>(DEBT_TOTALS_DIFF_SQL);
    expect(debts.diff).toBe(0);
  });
});
