/**
 * The one Russian label table. Documents, the order timeline, exports, conflicts and the bots all
 * name things with these words, so a hotel is «Проживание» on the invoice and «проживание» in a
 * bot notice — never «гостиница» in one place and «отель» in another.
 *
 * `title` is the form that starts a line or fills a table cell; `noun` is the same word inside a
 * sentence.
 */
export interface RuLabel {
  readonly title: string;
  readonly noun: string;
}

const label = (title: string, noun = title.charAt(0).toLowerCase() + title.slice(1)): RuLabel => ({
  title,
  noun,
});

export const SERVICE_TYPE_LABELS: Readonly<Record<string, RuLabel>> = {
  flight: label('Авиаперелёт'),
  rail: label('Ж/д билеты'),
  hotel: label('Проживание'),
  transfer: label('Трансфер'),
  excursion: label('Экскурсия'),
  other: label('Прочая услуга'),
};

export const ORDER_STATUS_LABELS: Readonly<Record<string, RuLabel>> = {
  draft: label('Черновик'),
  confirmed: label('Подтверждён'),
  in_progress: label('В работе'),
  completed: label('Завершён'),
  cancelled: label('Отменён'),
};

export const CONFIRMATION_STATUS_LABELS: Readonly<Record<string, RuLabel>> = {
  pending: label('Ожидает ответа поставщика'),
  confirmed: label('Подтверждено поставщиком'),
  rejected: label('Отклонено поставщиком'),
};

export const PAYMENT_TYPE_LABELS: Readonly<Record<string, RuLabel>> = {
  payment: label('Оплата от клиента'),
  refund: label('Возврат клиенту'),
  supplier_payment: label('Оплата поставщику'),
  supplier_refund: label('Возврат от поставщика'),
};

export const PAYMENT_METHOD_LABELS: Readonly<Record<string, RuLabel>> = {
  cash: label('Наличные'),
  card: label('Банковская карта'),
  bank_transfer: label('Банковский перевод'),
  online: label('Онлайн-оплата'),
};

export const DOCUMENT_TYPE_LABELS: Readonly<Record<string, RuLabel>> = {
  contract: label('Договор'),
  invoice: label('Счёт'),
  act: label('Акт'),
  proposal: label('Коммерческое предложение'),
  agent_report: label('Отчёт агента'),
};

export const CHANNEL_LABELS: Readonly<Record<string, RuLabel>> = {
  telegram: label('Telegram', 'Telegram'),
  whatsapp: label('WhatsApp', 'WhatsApp'),
  email: label('E-mail', 'e-mail'),
  web: label('Сайт'),
  manual: label('Вручную'),
};

export const ROLE_LABELS: Readonly<Record<string, RuLabel>> = {
  admin: label('Администратор'),
  supervisor: label('Руководитель'),
  operator: label('Менеджер'),
  accountant: label('Бухгалтер'),
};

/** The label of `key` in `table`, or the key itself when the table does not know it. */
export function ru(
  table: Readonly<Record<string, RuLabel>>,
  key: string | null | undefined,
  form: keyof RuLabel = 'title',
): string {
  if (key === null || key === undefined) return '';
  return table[key]?.[form] ?? key;
}
