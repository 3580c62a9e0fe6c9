import * as iconv from 'iconv-lite';
import type { CrmClient } from '../../client';
import { orderWithTotal, pay } from '../support/finance';
import { newClient } from '../support/orders';
import { setAgency } from '../support/agency';
import { startTestApp, type TestApp } from '../support/test-app';

/** The agency's own requisites, set through PUT /settings/agency (not the environment). */
const AGENCY = {
  shortName: 'ООО «Ромашка-Тур»',
  inn: '7707083893',
  bik: '044525225',
  account: '40702810938000012345',
};

interface OneCFile {
  header: Record<string, string>;
  documents: Array<Record<string, string>>;
}

/** A reader of the 1CClientBankExchange text format: Windows-1251, CRLF, key=value lines, document sections. */
function parse1C(bytes: Buffer): OneCFile {
  const text = iconv.decode(bytes, 'win1251');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) throw new Error('line breaks must be CRLF');
  const lines = text.split('\r\n');
  if (lines.pop() !== '') throw new Error('the file must end with CRLF');
  if (lines[0] !== '1CClientBankExchange') throw new Error('no 1CClientBankExchange signature');
  if (lines.at(-1) !== 'КонецФайла') throw new Error('no КонецФайла');
  const header: Record<string, string> = {};
  const documents: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of lines.slice(1, -1)) {
    if (line === 'КонецДокумента') {
      if (!current) throw new Error('КонецДокумента outside a document');
      documents.push(current);
      current = null;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not a key=value line: ${line}`);
    const [key, value] = [line.slice(0, eq), line.slice(eq + 1)];
    if (key === 'СекцияДокумент') {
      if (current) throw new Error('nested СекцияДокумент');
      current = { СекцияДокумент: value };
    } else if (current) current[key] = value;
    else header[key] = value;
  }
  if (current) throw new Error('unterminated document');
  return { header, documents };
}

describe('finance: payment exports (e2e)', () => {
  let t: TestApp;
  let accountant: CrmClient;
  let operator: CrmClient;
  let number: string;
  let beforeAgency: { response: Response; error?: unknown };

  beforeAll(async () => {
    t = await startTestApp();
    accountant = (await t.userClient('accountant')).client;
    beforeAgency = await accountant.GET('/api/v1/exports/payments', {
      params: { query: { from: '2027-05-01', to: '2027-06-01', format: '1c' } },
      parseAs: 'text',
    });
    await setAgency(t.admin, AGENCY);
    operator = (await t.userClient('operator')).client;
    const payer = await newClient(operator, 'Соколова Анна Викторовна');
    const order = await orderWithTotal(operator, { total: '50000.00', clientId: payer, withEuroHotel: true });
    number = order.number;
    await pay(accountant, order.id, {
      amount: '15000.00',
      reference: 'п/п 17',
      paidAt: '2027-05-03T10:00:00+03:00',
    });
    await pay(accountant, order.id, {
      type: 'supplier_payment',
      amount: '9000.00',
      supplier: 'Экскурсии Плюс',
      reference: 'п/п 118',
      paidAt: '2027-05-04T11:00:00+03:00',
    });
    await pay(accountant, order.id, {
      amount: '100.00',
      currency: 'EUR',
      rate: '99',
      paidAt: '2027-05-05T12:00:00+03:00',
    });
    await pay(accountant, order.id, { amount: '1.00', paidAt: '2027-06-01T00:00:00+03:00' }); // next period
  });
  afterAll(() => t.close());

  const exportFile = async (format: 'csv' | '1c' | 'elba', from = '2027-05-01', to = '2027-06-01') => {
    const r = await accountant.GET('/api/v1/exports/payments', {
      params: { query: { from, to, format } },
      parseAs: 'arrayBuffer',
    });
    expect(r.response.status).toBe(200);
    return {
      bytes: Buffer.from(r.data as unknown as ArrayBuffer),
      type: r.response.headers.get('content-type'),
    };
  };

  it('refuses a 1C export with 409 naming the missing requisites when the agency settings are not set', () => {
    expect(beforeAgency.response.status).toBe(409);
    expect(beforeAgency.error).toMatchObject({
      code: 'FINANCE.AGENCY_REQUISITES_MISSING',
      detail: expect.stringContaining('/settings/agency'),
    });
  });

  it('writes the period’s rouble payments as 1CClientBankExchange 1.03 in Windows-1251 with CRLF, and a parser reads them back', async () => {
    const { bytes, type } = await exportFile('1c');
    expect(type).toBe('text/plain; charset=windows-1251');
    expect(bytes.includes(Buffer.from('Плательщик', 'utf8'))).toBe(false);
    expect(bytes.includes(iconv.encode('Плательщик', 'win1251'))).toBe(true);
    const file = parse1C(bytes);
    expect(file.header).toMatchObject({
      ВерсияФормата: '1.03',
      Кодировка: 'Windows',
      ДатаНачала: '01.05.2027',
      ДатаКонца: '31.05.2027',
      РасчСчет: AGENCY.account,
    });
    expect(file.documents).toEqual([
      expect.objectContaining({
        СекцияДокумент: 'Платежное поручение',
        Номер: '17',
        Дата: '03.05.2027',
        Сумма: '15000.00',
        Плательщик: 'Соколова Анна Викторовна',
        Получатель: AGENCY.shortName,
        ПолучательИНН: AGENCY.inn,
        ПолучательСчет: AGENCY.account,
        ДатаПоступило: '03.05.2027',
        НазначениеПлатежа: `Оплата от клиента по заказу ${number}, п/п 17`,
      }),
      expect.objectContaining({
        Номер: '118',
        Дата: '04.05.2027',
        Сумма: '9000.00',
        Плательщик: AGENCY.shortName,
        ПлательщикИНН: AGENCY.inn,
        ПлательщикСчет: AGENCY.account,
        Получатель: 'Экскурсии Плюс',
        ДатаСписано: '04.05.2027',
      }),
    ]);
  });

  it('gives the same bytes when a period is exported again, and the current state after a payment is corrected', async () => {
    const first = await exportFile('1c');
    expect((await exportFile('1c')).bytes.equals(first.bytes)).toBe(true);
    const list = await accountant.GET('/api/v1/payments', {
      params: { query: { from: '2027-05-03T00:00:00+03:00', to: '2027-05-04T00:00:00+03:00' } },
    });
    const original = list.data!.items[0];
    await accountant.POST('/api/v1/payments/{id}/cancel', {
      params: { path: { id: original.id } },
      body: { reason: 'сумма с ошибкой' },
    });
    const order = original.orderId;
    await pay(accountant, order, {
      amount: '15500.00',
      reference: 'п/п 17',
      paidAt: '2027-05-03T10:00:00+03:00',
    });
    const again = parse1C((await exportFile('1c')).bytes);
    expect(again.documents.map((d) => [d.Номер, d.Сумма])).toEqual([
      ['17', '15500.00'],
      ['118', '9000.00'],
    ]);
  });

  it('exports CSV with every currency and the fixed rates, and the Elba CSV in roubles with income and expense columns', async () => {
    const csv = (await exportFile('csv')).bytes;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Дата;Заказ;Тип;Сумма;Валюта;Курс;Сумма в валюте заказа;Валюта заказа;Способ;Документ;Контрагент;Идентификатор',
    );
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 8).join(';'))).toEqual([
      `03.05.2027;${number};Оплата от клиента;15500,00;RUB;1;15500,00;RUB`,
      `04.05.2027;${number};Оплата поставщику;9000,00;RUB;1;9000,00;RUB`,
      `05.05.2027;${number};Оплата от клиента;100,00;EUR;99;9900,00;RUB`,
    ]);
    const elba = (await exportFile('elba')).bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(elba[0]).toBe('Дата;Номер документа;Приход;Расход;Контрагент;ИНН контрагента;Назначение платежа');
    expect(elba.slice(1)).toEqual([
      `03.05.2027;17;15500,00;;Соколова Анна Викторовна;;Оплата от клиента по заказу ${number}, п/п 17`,
      `04.05.2027;118;;9000,00;Экскурсии Плюс;;Оплата поставщику по заказу ${number}, п/п 118`,
    ]);
  });

  it('answers 422 for a missing period or an unknown format, and 403 to an operator', async () => {
    const bad = await accountant.GET('/api/v1/exports/payments', {
      params: { query: { from: '2027-06-01', to: '2027-05-01', format: '1c' } },
    });
    expect(bad.response.status).toBe(422);
    const fmt = await accountant.GET('/api/v1/exports/payments', {
      params: { query: { from: '2027-05-01', to: '2027-06-01', format: 'xml' as never } },
    });
    expect(fmt.response.status).toBe(422);
    const op = await operator.GET('/api/v1/exports/payments', {
      params: { query: { from: '2027-05-01', to: '2027-06-01', format: 'csv' } },
    });
    expect(op.response.status).toBe(403);
  });
});
