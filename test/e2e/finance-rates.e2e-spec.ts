import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CrmClient } from '../../client';
import { dbRows } from '../support/clients';
import { orderWithTotal, pay } from '../support/finance';
import { hotel, newClient } from '../support/orders';
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

  it('prices a foreign-currency service without a rate at the stored CBR rate of its day, recorded with its source; 422 on rate only when none is stored', async () => {
    const payer = await newClient(operator, 'Валютов Иван');
    // an order without a currency is in the agency's (RUB)
    const order = await operator.POST('/api/v1/orders', { body: { clientId: payer } });
    expect(order.response.status).toBe(201);
    expect(order.data!.currency).toBe('RUB');
    const id = order.data!.id;
    const add = (body: Record<string, unknown>) =>
      operator.POST('/api/v1/orders/{id}/services', { params: { path: { id } }, body: hotel(body) as never });

    const cbr = await add({ rate: undefined, supplier: 'Hotel CBR' });
    expect(cbr.response.status).toBe(201);
    // the service starts on 1 June 2027; the newest stored EUR rate on or before it is of 1 May
    expect(cbr.data).toMatchObject({
      currency: 'EUR',
      rate: '99.1234',
      rateSource: 'cbr',
      rateDate: '2027-05-01',
      amount: '39649.36',
    });
    const serviceId = (cbr.data as unknown as { id: string }).id;

    const given = await add({
      rate: '98.50',
      startAt: '2027-06-05T15:00:00+02:00',
      endAt: '2027-06-06T12:00:00+02:00',
    });
    expect(given.data).toMatchObject({
      rate: '98.5',
      rateSource: 'manual',
      rateDate: null,
      amount: '39400.00',
    });
    const rub = await add({
      rate: undefined,
      currency: 'RUB',
      price: '1000.00',
      startAt: '2027-06-07T15:00:00+02:00',
      endAt: '2027-06-08T12:00:00+02:00',
    });
    expect(rub.data).toMatchObject({ rate: '1', rateSource: 'parity', rateDate: null });

    // a currency the bank file does not have, and a day before any stored rate
    const thb = await add({
      rate: undefined,
      currency: 'THB',
      startAt: '2027-06-09T15:00:00+02:00',
      endAt: '2027-06-10T12:00:00+02:00',
    });
    expect(thb.response.status).toBe(422);
    expect(thb.error!.errors).toEqual([{ field: 'rate', message: expect.stringContaining('THB') }]);
    const early = await add({
      rate: null,
      startAt: '2020-01-10T15:00:00+01:00',
      endAt: '2020-01-11T12:00:00+01:00',
    });
    expect(early.response.status).toBe(422);
    expect(early.error!.errors!.map((e) => e.field)).toEqual(['rate']);

    const patch = async (body: Record<string, unknown>) => {
      const { version } = (await operator.GET('/api/v1/orders/{id}', { params: { path: { id } } })).data!;
      return operator.PATCH('/api/v1/orders/{id}/services/{serviceId}', {
        params: { path: { id, serviceId } },
        body: { ...body, version } as never,
      });
    };
    // a new currency without a rate takes that currency's stored rate
    const usd = await patch({ currency: 'USD', price: '100.00' });
    expect(usd.response.status).toBe(200);
    expect(usd.data).toMatchObject({
      currency: 'USD',
      rate: '92.5012',
      rateSource: 'cbr',
      rateDate: '2027-05-01',
      amount: '9250.12',
    });
    // a typed rate replaces it as manual, and null goes back to the stored one
    const typed = await patch({ rate: '93' });
    expect(typed.data).toMatchObject({ rate: '93', rateSource: 'manual', rateDate: null, amount: '9300.00' });
    const back = await patch({ rate: null });
    expect(back.data).toMatchObject({ rate: '92.5012', rateSource: 'cbr', rateDate: '2027-05-01' });

    const read = await operator.GET('/api/v1/orders/{id}', { params: { path: { id } } });
    expect(read.data!.services.find((s) => s.id === serviceId)).toMatchObject({
      rate: '92.5012',
      rateSource: 'cbr',
      rateDate: '2027-05-01',
    });
    const [row] = await dbRows<{ rate_source: string; rate_date: string }>(
      t.db.url,
      `SELECT rate_source, to_char(rate_date, 'YYYY-MM-DD') AS rate_date FROM order_services WHERE id = $1`,
      [serviceId],
    );
    expect(row).toEqual({ rate_source: 'cbr', rate_date: '2027-05-01' });
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
