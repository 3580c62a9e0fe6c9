import { CONFIRMATION_STATUS_LABELS } from '../../src/shared/domain/labels-ru';

/** Russian formats: `1 234,56 ₽`, `01.06.2027 15:00 (Париж)`. Money stays a decimal string. */
const SYMBOLS: Record<string, string> = { RUB: '₽', EUR: '€', USD: '$', GBP: '£', CNY: '¥', TRY: '₺' };
const NBSP = '\u00a0';

export function formatMoney(amount: string | null | undefined, currency = 'RUB'): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const negative = amount.trim().startsWith('-');
  const [int = '0', frac = ''] = amount.trim().replace(/^[-+]/, '').split('.');
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  const cents = (frac + '00').slice(0, 2);
  return `${negative ? '−' : ''}${grouped},${cents}${NBSP}${SYMBOLS[currency] ?? currency}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dtf(timeZone: string | undefined, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** `01.06.2027 15:00`, in the given zone (the browser's when none), `(Париж)` when a place is named. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string, place?: string): string {
  if (!iso) return '—';
  const s = dtf(timeZone, true).format(new Date(iso)).replace(',', '');
  return place ? `${s} (${place})` : s;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.split('-').reverse().join('.');
  return dtf(undefined, false).format(new Date(iso));
}

/** Offset (minutes) of `timeZone` at `date`. */
function offsetMinutes(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - date.getTime()) / 60000);
}

/** `2027-06-01T15:00` on the wall clock of `timeZone` → `2027-06-01T15:00:00+02:00`. */
export function zonedToIso(local: string, timeZone: string): string {
  const naive = Date.parse(`${local}:00Z`);
  let off = offsetMinutes(new Date(naive), timeZone);
  off = offsetMinutes(new Date(naive - off * 60000), timeZone);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}:00${sign}${hh}:${mm}`;
}

/** The supplier's answer on a service, in the words of the shared label table (documents, bots). */
export const CONFIRMATION_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(CONFIRMATION_STATUS_LABELS).map(([k, v]) => [k, v.title]),
);
export const CONFIRMATION_COLORS: Record<string, string> = {
  pending: 'gold',
  confirmed: 'green',
  rejected: 'red',
};

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Черновик',
  confirmed: 'Подтверждён',
  in_progress: 'В работе',
  completed: 'Завершён',
  cancelled: 'Отменён',
};
export const APPLICATION_STATUS: Record<string, string> = {
  new: 'Новая',
  in_progress: 'В работе',
  converted: 'Заказ создан',
  rejected: 'Отклонена',
};
export const SOURCES: Record<string, string> = {
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  email: 'E-mail',
  web: 'Сайт',
  manual: 'Вручную',
};
export const SERVICE_TYPES: Record<string, string> = {
  flight: 'Перелёт',
  rail: 'Поезд',
  hotel: 'Гостиница',
  transfer: 'Трансфер',
  excursion: 'Экскурсия',
  other: 'Другое',
};
export const PAYMENT_TYPES: Record<string, string> = {
  payment: 'Оплата клиента',
  refund: 'Возврат клиенту',
  supplier_payment: 'Оплата поставщику',
  supplier_refund: 'Возврат от поставщика',
};
export const PAYMENT_METHODS: Record<string, string> = {
  cash: 'Наличные',
  card: 'Карта',
  bank_transfer: 'Банковский перевод',
  online: 'Онлайн',
};
export const DOCUMENT_TYPES: Record<string, string> = {
  contract: 'Договор',
  invoice: 'Счёт',
  act: 'Акт',
  proposal: 'Коммерческое предложение',
  agent_report: 'Отчёт агента',
};
export const ROLES: Record<string, string> = {
  admin: 'Администратор',
  supervisor: 'Руководитель',
  operator: 'Менеджер',
  accountant: 'Бухгалтер',
};
