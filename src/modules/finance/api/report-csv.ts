import type { CsvColumn } from '../application/services/csv';
import type { AgentReportRow, AgentReportTotals } from '../application/queries/reports/agent-report.query';
import type {
  ClientsReportRow,
  ClientsReportTotals,
} from '../application/queries/reports/clients-report.query';
import type {
  ClientDebtRow,
  DebtTotals,
  SupplierDebtRow,
} from '../application/queries/reports/debts-report.query';
import type {
  ManagersReportRow,
  ManagersReportTotals,
} from '../application/queries/reports/managers-report.query';
import type { OrdersReportRow, OrdersReportTotals } from '../application/queries/reports/orders-report.query';

type Cells = Record<string, string | number | null>;
const col = <R extends Cells>(header: string, kind: CsvColumn<R>['kind'], key: string): CsvColumn<R> => ({
  header,
  kind,
  value: (r) => r[key],
});
const TOTAL = (currency: string) => `Итого ${currency}`;

export const ORDERS_CSV: CsvColumn<Cells>[] = [
  col('Номер', 'text', 'number'),
  col('Статус', 'text', 'status'),
  col('Создан', 'date', 'createdAt'),
  col('Срок оплаты', 'date', 'deadline'),
  col('Плательщик', 'text', 'clientName'),
  col('Валюта', 'text', 'currency'),
  col('Сумма', 'money', 'totalAmount'),
  col('Комиссия', 'money', 'commission'),
  col('Себестоимость', 'money', 'supplierCost'),
  col('Маржа', 'money', 'margin'),
  col('Оплачено', 'money', 'paid'),
  col('Долг', 'money', 'due'),
  col('Переплата', 'money', 'overpayment'),
  col('Оплачено поставщикам', 'money', 'paidToSuppliers'),
];
export const ordersTotalsRows = (t: OrdersReportTotals[]): Cells[] =>
  t.map((x) => ({ ...x, number: TOTAL(x.currency), status: `${x.orders} заказ(ов)` }));
export const ordersRows = (r: OrdersReportRow[]): Cells[] => r as unknown as Cells[];

export const CLIENTS_CSV: CsvColumn<Cells>[] = [
  col('Клиент', 'text', 'clientName'),
  col('Валюта', 'text', 'currency'),
  col('Заказов', 'int', 'orders'),
  col('Оборот', 'money', 'turnover'),
  col('Оплачено', 'money', 'paid'),
  col('Долг', 'money', 'debt'),
];
export const clientsTotalsRows = (t: ClientsReportTotals[]): Cells[] =>
  t.map((x) => ({ ...x, clientName: TOTAL(x.currency) }));
export const clientsRows = (r: ClientsReportRow[]): Cells[] => r as unknown as Cells[];

export const MANAGERS_CSV: CsvColumn<Cells>[] = [
  col('Менеджер', 'text', 'managerName'),
  col('Валюта', 'text', 'currency'),
  col('Заказов', 'int', 'orders'),
  col('Оборот', 'money', 'turnover'),
  col('Комиссия', 'money', 'commission'),
  col('Оплачено', 'money', 'paid'),
  col('Долг', 'money', 'debt'),
];
export const managersTotalsRows = (t: ManagersReportTotals[]): Cells[] =>
  t.map((x) => ({ ...x, managerName: TOTAL(x.currency) }));
export const managersRows = (r: ManagersReportRow[]): Cells[] => r as unknown as Cells[];

export const CLIENT_DEBTS_CSV: CsvColumn<Cells>[] = [
  col('Номер', 'text', 'number'),
  col('Плательщик', 'text', 'clientName'),
  col('Срок оплаты', 'date', 'deadline'),
  col('Дней просрочки', 'int', 'daysOverdue'),
  col('Валюта', 'text', 'currency'),
  col('Сумма', 'money', 'totalAmount'),
  col('Оплачено', 'money', 'paid'),
  col('Долг', 'money', 'due'),
];
export const SUPPLIER_DEBTS_CSV: CsvColumn<Cells>[] = [
  col('Номер', 'text', 'number'),
  col('Статус', 'text', 'status'),
  col('Валюта', 'text', 'currency'),
  col('Себестоимость', 'money', 'supplierCost'),
  col('Оплачено поставщикам', 'money', 'paidToSuppliers'),
  col('Долг поставщикам', 'money', 'due'),
];
export const debtTotalsRows = (t: DebtTotals[]): Cells[] =>
  t.map((x) => ({ ...x, number: TOTAL(x.currency), status: `${x.orders} заказ(ов)` }));
export const debtRows = (r: Array<ClientDebtRow | SupplierDebtRow>): Cells[] => r as unknown as Cells[];

export const AGENT_CSV: CsvColumn<Cells>[] = [
  col('Заказ', 'text', 'orderNumber'),
  col('Услуга', 'text', 'type'),
  col('Начало', 'date', 'startAt'),
  col('Бронь', 'text', 'bookingRef'),
  col('Валюта', 'text', 'currency'),
  col('Сумма (брутто)', 'money', 'gross'),
  col('Вознаграждение агента', 'money', 'commission'),
  col('К перечислению (нетто)', 'money', 'net'),
];
export const agentRows = (r: AgentReportRow[]): Cells[] => r as unknown as Cells[];
export const agentTotalsRows = (t: AgentReportTotals[]): Cells[] =>
  t.map((x) => ({ ...x, orderNumber: TOTAL(x.currency), type: `${x.services} услуг(и)` }));
