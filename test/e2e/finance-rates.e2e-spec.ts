import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { orderWithTotal, pay } from '../support/finance';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const SAMPLE = readFileSync(join(__dirname, '../fixtures/cbr-daily-2027-05-01.xml'));

describe('finance: exchange rates (e2e)', () => {
  let t: TestApp;
  let cbr: Server;
  const requested: string[] = [];
  let accountant: CrmClient;
  let operator: CrmClient;

  beforeAll(async () => {
    // a stand-in for www.cbr.ru (the machine is offline): serves the stored windows-1251 sample
    cbr = createServer((req, res) => {
      requested.push(req.url ?? '');
      if (req.url?.includes('1999')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml; charset=windows-1251' }).end(SAMPLE);
    });
    await new Promise<void>((r) => cbr.listen(0, '127.0.0.1', r));
    const port = (cbr.address() as AddressInfo).port;
    t = await startTestApp({ env: { CBR_DAILY_URL: `http://127.0.0.1:${port}/scripts/XML_daily.asp` } });
    accountant = (await t.userClient('accountant')).client;
    operator = (await t.userClient('operator')).client;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => cbr.close(r));
  });

  it('imports the CBR sample from the configured URL, per unit of Nominal, and re-importing changes nothing', async () => {
    const r = await accountant.POST('/api/v1/rates/cbr-fetch', { body: { date: '2027-05-01' } });
    expect(r.response.status).toBe(200);
    expect(r.data).toEqual({ date: '2027-05-01', imported: 6, keptManual: [] });
    expect(requested.at(-1)).toBe('/scripts/XML_daily.asp?date_req=01%2F05%2F2027');
    const list = await accountant.GET('/api/v1/rates', {
      params: { query: { from: '2027-05-01', to: '2027-05-01' } },
    });
    expect(list.data!.items).toEqual(
      expect.arrayContaining([
        { currency: 'EUR', date: '2027-05-01', rate: '99.1234', source: 'cbr' },
        { currency: 'JPY', date: '2027-05-01', rate: '0.612345', source: 'cbr' },
        { currency: 'TRY', date: '2027-05-01', rate: '2.4015', source: 'cbr' },
      ]),
    );
    const again = await accountant.POST('/api/v1/rates/cbr-fetch', { body: { date: '2027-05-01' } });
    expect(again.data!.imported).toBe(0);
    const audit = await eventually(async () => {
      const a = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'finance.rates-imported' } },
      });
      return a.data!.items.length === 2 ? a.data!.items : null;
    });
    expect(audit.map((x) => x.entity)).toEqual(['rate', 'rate']);
  });

  it('fixes a EUR payment at the CBR rate of its day and never changes it when the rate changes later', async () => {
    const order = await orderWithTotal(operator, { total: '100000.00' });
    const p = await pay(accountant, order.id, {
      amount: '100.00',
      currency: 'EUR',
      paidAt: '2027-05-03T10:00:00+03:00',
    });
    expect(p.response.status).toBe(201);
    expect(p.data).toMatchObject({
      rate: '99.1234',
      rateSource: 'cbr',
      rateDate: '2027-05-01',
      amountInOrderCurrency: '9912.34',
    });
    const corrected = await accountant.POST('/api/v1/rates', {
      body: { currency: 'eur', date: '2027-05-03', rate: '105.00' },
    });
    expect(corrected.response.status).toBe(201);
    expect(corrected.data).toEqual({ currency: 'EUR', date: '2027-05-03', rate: '105', source: 'manual' });
    const same = await accountant.GET('/api/v1/payments/{id}', { params: { path: { id: p.data!.id } } });
    expect(same.data).toMatchObject({ rate: '99.1234', amountInOrderCurrency: '9912.34' });
    const [stored] = await dbRows<{ rate: string; amount_in_order_currency: string }>(
      t.db.url,
      `SELECT rate::text, amount_in_order_currency::text FROM payments WHERE id = $1`,
      [p.data!.id],
    );
    expect(stored).toEqual({ rate: '99.12340000', amount_in_order_currency: '9912.34' });
    const later = await pay(accountant, order.id, {
      amount: '10.00',
      currency: 'EUR',
      paidAt: '2027-05-03T23:30:00+03:00',
    });
    expect(later.data).toMatchObject({ rate: '105', rateSource: 'manual', amountInOrderCurrency: '1050.00' });
    expect(
      (await accountant.GET('/api/v1/orders/{id}/balance', { params: { path: { id: order.id } } })).data!
        .paid,
    ).toBe('10962.34');
  });

  it('keeps a hand-entered rate of the day when the CBR file is imported again', async () => {
    await accountant.POST('/api/v1/rates', { body: { currency: 'USD', date: '2027-05-01', rate: '90' } });
    const r = await accountant.POST('/api/v1/rates/cbr-fetch', { body: { date: '2027-05-01' } });
    expect(r.data!.keptManual).toEqual(['USD']);
    const usd = await accountant.GET('/api/v1/rates', { params: { query: { currency: 'USD' } } });
    expect(usd.data!.items[0]).toMatchObject({ rate: '90', source: 'manual' });
  });

  it('answers 422 for a file that is not a CBR daily file and for a rate of RUB', async () => {
    const r = await accountant.POST('/api/v1/rates/cbr-fetch', { body: { date: '1999-01-01' } });
    const noDate = await accountant.POST('/api/v1/rates/cbr-fetch', { body: {} as never });
    expect(noDate.response.status).toBe(422);
    expect(r.response.status).toBe(422);
    expect(r.error!.errors).toEqual([
      { field: 'file', message: expect.stringContaining('not a CBR daily file') },
    ]);
    const rub = await accountant.POST('/api/v1/rates', {
      body: { currency: 'RUB', date: '2027-05-01', rate: '1' },
    });
    expect(rub.response.status).toBe(422);
    expect(
      (await operator.POST('/api/v1/rates', { body: { currency: 'EUR', date: '2027-05-01', rate: '1' } }))
        .response.status,
    ).toBe(403);
  });
});
