import { PAYMENT_METHOD_LABELS, PAYMENT_TYPE_LABELS, ru } from '../../../../shared/domain/labels-ru';
import * as iconv from 'iconv-lite';
import type { ExportedPayment } from '../queries/export-payments/export-payments.query';
import { type CsvColumn, ruDate, toCsv } from './csv';

export interface Agency {
  name: string;
  inn: string;
  account: string;
}

/** Money comes in (client payments, supplier refunds) or goes out. */
export const incoming = (p: ExportedPayment) => p.type === 'payment' || p.type === 'supplier_refund';

function purpose(p: ExportedPayment): string {
  return `${ru(PAYMENT_TYPE_LABELS, p.type)} по заказу ${p.orderNumber}${p.reference ? `, ${p.reference}` : ''}`;
}

/** Our CSV: every entry with its rate and the converted amount. */
export function paymentsCsv(rows: ExportedPayment[]): Buffer {
  const columns: CsvColumn<ExportedPayment>[] = [
    { header: 'Дата', kind: 'date', value: (p) => p.paidAt },
    { header: 'Заказ', kind: 'text', value: (p) => p.orderNumber },
    { header: 'Тип', kind: 'text', value: (p) => ru(PAYMENT_TYPE_LABELS, p.type) },
    { header: 'Сумма', kind: 'money', value: (p) => p.amount },
    { header: 'Валюта', kind: 'text', value: (p) => p.currency },
    { header: 'Курс', kind: 'money', value: (p) => p.rate },
    { header: 'Сумма в валюте заказа', kind: 'money', value: (p) => p.amountInOrderCurrency },
    { header: 'Валюта заказа', kind: 'text', value: (p) => p.orderCurrency },
    { header: 'Способ', kind: 'text', value: (p) => ru(PAYMENT_METHOD_LABELS, p.method) },
    { header: 'Документ', kind: 'text', value: (p) => p.reference },
    { header: 'Контрагент', kind: 'text', value: (p) => p.counterparty },
    { header: 'Идентификатор', kind: 'text', value: (p) => p.id },
  ];
  return toCsv(columns, rows);
}

/**
 * Kontur.Elba bank-statement CSV (columns documented in the README): roubles only, one line per
 * operation, `;`, decimal comma, ДД.ММ.ГГГГ, UTF-8 with BOM.
 */
export function elbaCsv(rows: ExportedPayment[]): Buffer {
  const columns: CsvColumn<ExportedPayment>[] = [
    { header: 'Дата', kind: 'date', value: (p) => p.paidAt },
    { header: 'Номер документа', kind: 'text', value: (p) => documentNumber(p, 0) },
    { header: 'Приход', kind: 'money', value: (p) => (incoming(p) ? p.amount : null) },
    { header: 'Расход', kind: 'money', value: (p) => (incoming(p) ? null : p.amount) },
    { header: 'Контрагент', kind: 'text', value: (p) => p.counterparty },
    { header: 'ИНН контрагента', kind: 'text', value: () => null },
    { header: 'Назначение платежа', kind: 'text', value: purpose },
  ];
  return toCsv(
    columns,
    rows.filter((p) => p.currency === 'RUB'),
  );
}

function documentNumber(p: ExportedPayment, ordinal: number): string {
  const digits = p.reference?.match(/\d+/g)?.join('');
  return digits ? digits.slice(-20) : String(ordinal || p.id.replace(/\D/g, '').slice(-6));
}

const oneLine = (v: string | null | undefined) => (v ?? '').replace(/[\r\n=]+/g, ' ').trim();

/**
 * 1CClientBankExchange 1.03 (the text format 1C:Accounting loads bank statements from): rouble
 * entries as `СекцияДокумент=Платежное поручение` sections, Windows-1251, CRLF. The header dates
 * are the period's, not the clock's, so the same period exports to the same bytes.
 */
export function oneCExchange(
  rows: ExportedPayment[],
  period: { from: string; to: string },
  agency: Agency,
): Buffer {
  const rub = rows.filter((p) => p.currency === 'RUB');
  const lastDay = new Date(new Date(period.to).getTime() - 1).toISOString();
  const lines = [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    'Кодировка=Windows',
    'Отправитель=Travel CRM',
    'Получатель=Бухгалтерия',
    `ДатаСоздания=${ruDate(lastDay)}`,
    'ВремяСоздания=00:00:00',
    `ДатаНачала=${ruDate(period.from)}`,
    `ДатаКонца=${ruDate(lastDay)}`,
    `РасчСчет=${agency.account}`,
    'Документ=Платежное поручение',
  ];
  rub.forEach((p, i) => {
    const date = ruDate(p.paidAt);
    const them = oneLine(p.counterparty);
    const us = oneLine(agency.name);
    const [payer, payerInn, payerAccount, payee, payeeInn, payeeAccount] = incoming(p)
      ? [them, '', '', us, agency.inn, agency.account]
      : [us, agency.inn, agency.account, them, '', ''];
    lines.push(
      'СекцияДокумент=Платежное поручение',
      `Номер=${documentNumber(p, i + 1)}`,
      `Дата=${date}`,
      `Сумма=${p.amount}`,
      `ПлательщикСчет=${payerAccount}`,
      `Плательщик=${payer}`,
      `ПлательщикИНН=${payerInn}`,
      `Плательщик1=${payer}`,
      `ПолучательСчет=${payeeAccount}`,
      `Получатель=${payee}`,
      `ПолучательИНН=${payeeInn}`,
      `Получатель1=${payee}`,
      incoming(p) ? `ДатаПоступило=${date}` : `ДатаСписано=${date}`,
      'ВидОплаты=01',
      'Очередность=5',
      `НазначениеПлатежа=${oneLine(purpose(p))}`,
      'КонецДокумента',
    );
  });
  lines.push('КонецФайла');
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1251');
}
