import Decimal from 'decimal.js';
import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { orderWithTotal, pay } from '../support/finance';
import { CLIENT_TOTALS_DIFF_SQL } from '../support/finance-totals';
import { newClient } from '../support/orders';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

type Row = Record<string, unknown>;

/** Σ of each money field over the rows, per currency — what every report's totals must equal. */
function sums(rows: Row[], fields: string[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, Decimal>> = {};
  for (const r of rows) {
    const cur = String(r.currency);
    out[cur] ??= Object.fromEntries(fields.map((f) => [f, new Decimal(0)]));
    for (const f of fields) out[cur][f] = out[cur][f].plus(String(r[f]));
  }
  return Object.fromEntries(
    Object.entries(out).map(([c, v]) => [
      c,
      Object.fromEntries(Object.entries(v).map(([f, d]) => [f, d.toFixed(2)])),
    ]),
  );
}

function totalsBy(totals: Row[], fields: string[]): Record<string, Record<string, string>> {
  return Object.fromEntries(
    totals.map((t) => [String(t.currency), Object.fromEntries(fields.map((f) => [f, String(t[f])]))]),
  );
}

describe('finance: reports (e2e)', () => {
  let t: TestApp;
  let accountant: CrmClient;
  let operator: CrmClient;
  let managerId: string;
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};
  const AS_OF = '2027-06-01';

  beforeAll(async () => {
    t = await startTestApp();
    accountant = (await t.userClient('accountant')).client;
    const op = await t.userClient('operator');
    operator = op.client;
    managerId = op.id;
    const formula = await newClient(operator, '=HYPERLINK("http://evil.example";"Иванов")');
    const make = async (key: string, total: string, deadline: string | null, clientId?: string) => {
      const o = await orderWithTotal(operator, { total, deadline, clientId, payerName: `Клиент ${key}` });
      ids[key] = o.id;
      numbers[key] = o.number;
    };
    await make('A', '10000.00', '2027-05-15T18:00:00+03:00', formula);
    await make('B', '20000.00', '2027-05-20T18:00:00+03:00');
    await make('C', '5000.00', null);
    await make('D', '8000.00', '2027-05-01T18:00:00+03:00');
    await make('E', '15000.00', '2027-06-10T18:00:00+03:00');
    await make('F', '30000.00', '2027-05-31T23:30:00+03:00');
    // A: owes 7000, 17 days late; B: paid; C: owes 5000, no deadline; D: cancelled; E: overpaid; F: owes 22000, 1 day late
    await pay(accountant, ids.A, { amount: '3000.00' });
    await pay(accountant, ids.B, { amount: '20000.00' });
    await pay(accountant, ids.B, { type: 'supplier_payment', amount: '18000.00' });
    await pay(accountant, ids.E, { amount: '16000.00' });
    await pay(accountant, ids.F, { amount: '10000.00' });
    await pay(accountant, ids.F, { type: 'refund', amount: '2000.00' });
    await pay(accountant, ids.F, { type: 'supplier_payment', amount: '5000.00' });
    await operator.POST('/api/v1/orders/{id}/status', {
      params: { path: { id: ids.D } },
      body: { status: 'cancelled', reason: 'Отказ' },
    });
    // finance's copy of the orders follows their events after commit
    await eventually(async () => {
      const r = await accountant.GET('/api/v1/reports/orders', { params: { query: { managerId } } });
      const d = r.data!.items.find((x) => x.orderId === ids.D);
      return r.data!.total === 6 && d?.status === 'cancelled';
    });
  });
  afterAll(() => t.close());

  const debts = (query: Record<string, unknown> = {}) =>
    accountant.GET('/api/v1/reports/debts', { params: { query: { managerId, asOf: AS_OF, ...query } } });

  it('lists exactly the orders with a positive balance due, largest first, with days overdue against the deadline', async () => {
    const r = await debts();
    expect(r.response.status).toBe(200);
    expect(r.data!.items.map((x) => [x.number, x.due, x.daysOverdue])).toEqual([
      [numbers.F, '22000.00', 1],
      [numbers.A, '7000.00', 17],
      [numbers.C, '5000.00', 0],
    ]);
    expect(r.data!.items[1]).toMatchObject({
      paid: '3000.00',
      totalAmount: '10000.00',
      clientName: '=HYPERLINK("http://evil.example";"Иванов")',
      managerId,
      managerName: expect.stringMatching(/^Test operator \d+$/),
    });
    expect(r.data!.total).toBe(3);
    expect(r.data!.totals).toEqual([{ currency: 'RUB', orders: 3, due: '34000.00' }]);
    const page = await debts({ limit: 2 });
    expect(page.data!.items).toHaveLength(2);
    const next = await debts({ limit: 2, cursor: page.data!.nextCursor! });
    expect(next.data!.items.map((x) => x.number)).toEqual([numbers.C]);
  });

  it('lists what the agency owes suppliers, largest first, with totals equal to the rows', async () => {
    const r = await debts({ side: 'suppliers', limit: 200 });
    // supplier cost = total − 10 % commission; B paid 18000 of 18000, F 5000 of 27000; D cancelled but unpaid
    expect(r.data!.items.map((x) => [x.number, x.due])).toEqual([
      [numbers.F, '22000.00'],
      [numbers.E, '13500.00'],
      [numbers.A, '9000.00'],
      [numbers.D, '7200.00'],
      [numbers.C, '4500.00'],
    ]);
    expect(totalsBy(r.data!.totals, ['due'])).toEqual(sums(r.data!.items, ['due']));
    expect(r.data!.items[0].managerName).toMatch(/^Test operator \d+$/);
  });

  it('gives by-order, by-client and by-manager reports whose totals equal the sum of their rows', async () => {
    const orders = await accountant.GET('/api/v1/reports/orders', {
      params: { query: { managerId, limit: 200 } },
    });
    const f = [
      'totalAmount',
      'commission',
      'supplierCost',
      'margin',
      'paid',
      'due',
      'overpayment',
      'paidToSuppliers',
    ];
    expect(totalsBy(orders.data!.totals, f)).toEqual(sums(orders.data!.items, f));
    expect(orders.data!.items.every((x) => /^Test operator \d+$/.test(String(x.managerName)))).toBe(true);
    expect(orders.data!.totals[0]).toMatchObject({
      orders: 6,
      totalAmount: '88000.00',
      overpayment: '1000.00',
    });
    expect(orders.data!.items.find((x) => x.orderId === ids.F)).toMatchObject({
      paid: '8000.00',
      due: '22000.00',
      margin: '3000.00',
      paidToSuppliers: '5000.00',
    });

    const clients = await accountant.GET('/api/v1/reports/clients', {
      params: { query: { managerId, limit: 200 } },
    });
    expect(totalsBy(clients.data!.totals, ['turnover', 'paid', 'debt'])).toEqual(
      sums(clients.data!.items, ['turnover', 'paid', 'debt']),
    );
    // D is cancelled: 5 payers left; the largest turnover first
    expect(clients.data!.items.map((x) => x.turnover)).toEqual([
      '30000.00',
      '20000.00',
      '15000.00',
      '10000.00',
      '5000.00',
    ]);
    expect(clients.data!.totals[0]).toMatchObject({ clients: 5, orders: 5, debt: '34000.00' });
    // unfiltered, the report reads the trigger-kept per-client totals: the same figures
    const all = await accountant.GET('/api/v1/reports/clients', { params: { query: { limit: 200 } } });
    expect(all.data).toEqual(clients.data);

    const managers = await accountant.GET('/api/v1/reports/managers', { params: { query: { managerId } } });
    expect(managers.data!.items).toEqual([
      {
        managerId,
        managerName: expect.stringMatching(/^Test operator \d+$/),
        currency: 'RUB',
        orders: 5,
        turnover: '80000.00',
        commission: '8000.00',
        paid: '47000.00',
        debt: '34000.00',
      },
    ]);
    expect(totalsBy(managers.data!.totals, ['turnover', 'commission', 'paid', 'debt'])).toEqual(
      sums(managers.data!.items, ['turnover', 'commission', 'paid', 'debt']),
    );
    // the CSV names the manager, as staff know them, instead of an id
    const csv = await accountant.GET('/api/v1/reports/managers', {
      params: { query: { managerId, format: 'csv' } },
      parseAs: 'text',
    });
    const firstRow = csv.data!.replace(/^\uFEFF/, '').split(/\r?\n/)[1];
    expect(firstRow.startsWith(`${managers.data!.items[0].managerName};RUB;5;`)).toBe(true);
    expect(csv.data).not.toContain(managerId);
  });

  it('filters by period: no orders were created before 2020', async () => {
    const r = await accountant.GET('/api/v1/reports/orders', {
      params: { query: { managerId, to: '2020-01-01T00:00:00+03:00' } },
    });
    expect(r.data).toEqual({ items: [], total: 0, nextCursor: null, totals: [] });
  });

  it('exports the debts report as CSV for Excel: BOM, `;`, decimal comma, ДД.ММ.ГГГГ, Cyrillic intact, formulas escaped, totals row', async () => {
    const r = await accountant.GET('/api/v1/reports/debts', {
      params: { query: { managerId, asOf: AS_OF, format: 'csv' } },
      parseAs: 'arrayBuffer',
    });
    expect(r.response.status).toBe(200);
    expect(r.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(r.data as unknown as ArrayBuffer);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Номер;Плательщик;Срок оплаты;Дней просрочки;Валюта;Сумма;Оплачено;Долг');
    expect(lines[1]).toBe(`${numbers.F};Клиент F;31.05.2027;1;RUB;30000,00;8000,00;22000,00`);
    expect(lines[2]).toBe(
      `${numbers.A};"'=HYPERLINK(""http://evil.example"";""Иванов"")";15.05.2027;17;RUB;10000,00;3000,00;7000,00`,
    );
    expect(lines[3]).toBe(`${numbers.C};Клиент C;;0;RUB;5000,00;0,00;5000,00`);
    expect(lines[4]).toBe('Итого RUB;;;;RUB;;;34000,00');
    expect(lines[5]).toBe('');
  });

  it('gives the agent report of a supplier and a month: services that started in it, with gross, commission and net', async () => {
    const supplier = `Отель Агентский ${Date.now()}`;
    const june = await orderWithTotal(operator, {
      total: '12000.00',
      supplier,
      startAt: '2027-06-01T00:30:00+03:00',
    });
    await orderWithTotal(operator, { total: '8000.00', supplier, startAt: '2027-06-30T23:00:00+03:00' });
    await orderWithTotal(operator, { total: '5000.00', supplier, startAt: '2027-05-31T23:59:00+03:00' }); // May in Moscow
    await orderWithTotal(operator, {
      total: '7000.00',
      supplier: 'Другой поставщик',
      startAt: '2027-06-10T10:00:00+03:00',
    });
    const r = await accountant.GET('/api/v1/reports/agent', {
      params: { query: { supplier, month: '2027-06' } },
    });
    expect(r.response.status).toBe(200);
    expect(r.data!.items.map((x) => [x.orderNumber, x.gross, x.commission, x.net])).toEqual([
      [june.number, '12000.00', '1200.00', '10800.00'],
      [expect.any(String), '8000.00', '800.00', '7200.00'],
    ]);
    expect(r.data!.totals).toEqual([
      { currency: 'RUB', services: 2, gross: '20000.00', commission: '2000.00', net: '18000.00' },
    ]);
    const csv = await accountant.GET('/api/v1/reports/agent', {
      params: { query: { supplier, month: '2027-06', format: 'csv' } },
      parseAs: 'text',
    });
    const lines = String(csv.data)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Заказ;Услуга;Начало;Бронь;Валюта;Сумма (брутто);Вознаграждение агента;К перечислению (нетто)',
    );
    expect(lines[1]).toBe(`${june.number};excursion;01.06.2027;;RUB;12000,00;1200,00;10800,00`);
    expect(lines.at(-1)).toBe('Итого RUB;2 услуг(и);;;RUB;20000,00;2000,00;18000,00');
  });

  it('keeps the trigger-maintained client and debt totals equal to a fresh aggregation of every order', async () => {
    const [clientTotals] = await dbRows<{ diff: number }>(t.db.url, CLIENT_TOTALS_DIFF_SQL);
    expect(clientTotals.diff).toBe(0);
    // one statement, so both sides come from the same snapshot while order events are still being delivered
    const [{ debtTotals, fresh }] = await dbRows<{
      debtTotals: Array<{ side: string; orders: number; due: string }>;
      fresh: Array<{ side: string; orders: number; due: string }>;
    }>(
      t.db.url,
      `SELECT
         (SELECT json_agg(x ORDER BY side) FROM (
            SELECT side, sum(orders)::int AS orders, sum(due)::text AS due FROM finance_debt_totals GROUP BY side) x
         ) AS "debtTotals",
         (SELECT json_agg(y ORDER BY side) FROM (
            SELECT 'clients' AS side, count(*)::int AS orders, sum(due)::text AS due FROM finance_orders
             WHERE NOT deleted AND status <> 'cancelled' AND due > 0
            UNION ALL
            SELECT 'suppliers', count(*)::int, sum(supplier_due)::text FROM finance_orders
             WHERE NOT deleted AND supplier_due > 0) y
         ) AS fresh`,
    );
    expect(debtTotals).toEqual(fresh);
  });

  it('answers 403 to an operator and 422 for an unknown format', async () => {
    expect((await operator.GET('/api/v1/reports/debts', {})).response.status).toBe(403);
    const bad = await accountant.GET('/api/v1/reports/orders', {
      params: { query: { format: 'xlsx' as never } },
    });
    expect(bad.response.status).toBe(422);
  });
});
