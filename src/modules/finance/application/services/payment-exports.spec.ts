import * as iconv from 'iconv-lite';
import type { ExportedPayment } from '../queries/export-payments/export-payments.query';
import { monthRange } from '../queries/reports/agent-report.handler';
import { elbaCsv, oneCExchange } from './payment-exports';
import { moscowDate } from './rate-book';

const entry = (o: Partial<ExportedPayment> = {}): ExportedPayment => ({
  id: '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11',
  orderNumber: '2027-000001',
  type: 'payment',
  amount: '100.00',
  currency: 'RUB',
  rate: '1',
  amountInOrderCurrency: '100.00',
  orderCurrency: 'RUB',
  method: 'bank_transfer',
  reference: null,
  note: null,
  paidAt: '2027-05-03T07:00:00.000Z',
  counterparty: 'Иванов\r\nИван=Иванович',
  ...o,
});
const period = { from: '2027-04-30T21:00:00.000Z', to: '2027-05-31T21:00:00.000Z' };
const agency = { name: 'ООО Тур', inn: '7701234567', account: '40702810900000000001' };

describe('payment exports', () => {
  it('writes 1C documents in Windows-1251 with CRLF, one line per value, numbered by ordinal without a reference', () => {
    const text = iconv.decode(oneCExchange([entry(), entry({ currency: 'EUR' })], period, agency), 'win1251');
    const lines = text.split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows']);
    expect(lines).toContain('ДатаНачала=01.05.2027');
    expect(lines).toContain('ДатаКонца=31.05.2027');
    expect(lines.filter((l) => l.startsWith('СекцияДокумент='))).toHaveLength(1);
    expect(lines).toContain('Номер=1');
    expect(lines).toContain('Плательщик=Иванов Иван Иванович');
    expect(text.endsWith('КонецФайла\r\n')).toBe(true);
  });

  it('puts outgoing money in Расход and incoming in Приход in the Elba CSV', () => {
    const csv = elbaCsv([
      entry({ reference: 'п/п 5', counterparty: 'Петров' }),
      entry({ type: 'refund', amount: '7.50', counterparty: 'Петров' }),
    ]).toString('utf8');
    const rows = csv.slice(1).trimEnd().split('\r\n').slice(1);
    expect(rows[0].split(';').slice(0, 4)).toEqual(['03.05.2027', '5', '100,00', '']);
    expect(rows[1].split(';').slice(2, 4)).toEqual(['', '7,50']);
  });

  it('bounds months and days in Moscow time', () => {
    expect(monthRange('2027-12')).toEqual({
      from: '2027-11-30T21:00:00.000Z',
      to: '2027-12-31T21:00:00.000Z',
    });
    expect(moscowDate(new Date('2027-05-31T21:30:00Z'))).toBe('2027-06-01');
  });
});
