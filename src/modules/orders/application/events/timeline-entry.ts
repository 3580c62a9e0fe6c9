import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';

/** One row of the `order_timeline` read model. */
export interface TimelineEntry {
  eventId: string;
  orderId: string;
  seq: string;
  ts: string;
  kind: string;
  actorUserId: string | null;
  actorRole: string;
  summary: string;
  payload: Record<string, unknown>;
}

const STATUS_RU: Record<string, string> = {
  draft: 'черновик',
  confirmed: 'подтверждён',
  in_progress: 'в работе',
  completed: 'завершён',
  cancelled: 'отменён',
};

const TYPE_RU: Record<string, string> = {
  flight: 'перелёт',
  rail: 'поезд',
  hotel: 'гостиница',
  transfer: 'трансфер',
  excursion: 'экскурсия',
  other: 'прочая услуга',
};

const FIELD_RU: Record<string, string> = {
  status: 'статус',
  currency: 'валюта',
  clientId: 'плательщик',
  travellerIds: 'путешественники',
  managerId: 'менеджер',
  deadline: 'срок оплаты',
  note: 'примечание',
  cancelReason: 'причина отмены',
  type: 'тип',
  startAt: 'начало',
  endAt: 'окончание',
  location: 'место',
  destination: 'пункт назначения',
  supplier: 'поставщик',
  price: 'цена',
  rate: 'курс',
  commission: 'комиссия',
  amount: 'сумма',
  commissionAmount: 'сумма комиссии',
  bookingRef: 'номер бронирования',
  details: 'детали',
};

type Diff = Record<string, { from: unknown; to: unknown }>;

function fields(diff: unknown): string {
  const keys = Object.keys((diff ?? {}) as Diff).filter((k) => !k.startsWith('services.'));
  return keys.map((k) => FIELD_RU[k] ?? k).join(', ');
}

function route(diff: unknown, side: 'from' | 'to'): string {
  const d = (diff ?? {}) as Diff;
  const city = (k: string) => (d[k]?.[side] as { city?: string } | null | undefined)?.city;
  const a = city('location');
  const b = city('destination');
  return a && b ? ` ${a} → ${b}` : a ? ` ${a}` : '';
}

const PAYMENT_RU: Record<string, string> = {
  payment: 'Оплата от клиента',
  refund: 'Возврат клиенту',
  supplier_payment: 'Оплата поставщику',
  supplier_refund: 'Возврат от поставщика',
};

function paymentAmount(p: Record<string, unknown>): string {
  const base = `${String(p.amount)} ${String(p.currency)}`;
  return p.currency === p.orderCurrency
    ? base
    : `${base} = ${String(p.amountInOrderCurrency)} ${String(p.orderCurrency)} по курсу ${String(p.rate)}`;
}

/**
 * Events of other modules that concern one order (they name it in `payload.orderId`) and belong on
 * its timeline: payments and refunds, and a final document that no longer matches the order.
 */
export const FOREIGN_TIMELINE_EVENTS = [
  'finance.payment-recorded',
  'finance.payment-cancelled',
  'documents.outdated',
] as const;

/** What the timeline projection subscribes to. */
export const TIMELINE_EVENTS: readonly string[] = ['orders.*', ...FOREIGN_TIMELINE_EVENTS];

const DOCUMENT_RU: Record<string, string> = {
  contract: 'договор',
  invoice: 'счёт',
  act: 'акт',
  proposal: 'коммерческое предложение',
};

/** The Russian one-line summary of an order event. */
export function timelineSummary(e: DomainEventEnvelope): string {
  const p = e.payload as Record<string, unknown>;
  const n = String(p.number ?? '');
  const type = TYPE_RU[String(p.serviceType ?? '')] ?? 'услуга';
  switch (e.name) {
    case 'orders.created':
      return `Создан заказ ${n}`;
    case 'orders.updated':
      return `Изменён заказ ${n}: ${fields(p.diff)}`;
    case 'orders.status-changed': {
      const base = `Статус заказа ${n}: ${STATUS_RU[String(p.from)] ?? p.from} → ${STATUS_RU[String(p.to)] ?? p.to}`;
      return p.reason ? `${base} (причина: ${String(p.reason)})` : base;
    }
    case 'orders.service-added':
      return `Добавлена услуга: ${type}${route(p.diff, 'to')}${p.forced ? ' — несмотря на конфликты (принудительно)' : ''}`;
    case 'orders.service-updated':
      return `Изменена услуга (${type}): ${fields(p.diff)}${p.forced ? ' — несмотря на конфликты (принудительно)' : ''}`;
    case 'orders.service-removed':
      return `Удалена услуга: ${type}${route(p.diff, 'from')}`;
    case 'orders.totals-recalculated': {
      const from = (p.from ?? {}) as Record<string, string>;
      const to = (p.to ?? {}) as Record<string, string>;
      const cur = String(p.currency ?? '');
      return `Пересчитаны итоги: сумма ${from.totalAmount} → ${to.totalAmount} ${cur}, комиссия ${from.commission} → ${to.commission} ${cur}`;
    }
    case 'orders.conflicts-detected': {
      const list = (p.conflicts ?? []) as Array<{ severity: string }>;
      const errors = list.filter((c) => c.severity === 'error').length;
      const base = `Обнаружены конфликты маршрута: ${list.length} (ошибок: ${errors}, предупреждений: ${list.length - errors})`;
      return p.forced ? `${base}; ошибки приняты принудительно` : base;
    }
    case 'orders.deleted':
      return `Заказ ${n} удалён`;
    case 'orders.service-confirmation-set':
      return p.status === 'confirmed'
        ? `Поставщик ${String(p.supplier)} подтвердил услугу (${type})`
        : `Поставщик ${String(p.supplier)} отклонил услугу (${type})`;
    case 'finance.payment-recorded':
      return `${PAYMENT_RU[String(p.type)] ?? 'Платёж'}: ${paymentAmount(p)}`;
    case 'finance.payment-cancelled':
      return `Отменён платёж (${(PAYMENT_RU[String(p.type)] ?? 'платёж').toLowerCase()}): ${paymentAmount(p)}${p.reason ? ` (причина: ${String(p.reason)})` : ''}`;
    case 'documents.outdated':
      return `Документ ${DOCUMENT_RU[String(p.type)] ?? String(p.type)} № ${String(p.number)} выдан и больше не соответствует заказу`;
    case 'orders.client-relinked':
      return `Клиенты объединены: ссылки заказа ${n} перенесены на клиента ${String(p.toClientId)}`;
    default:
      return `Событие ${e.name}`;
  }
}

/** The timeline row of an order event — the same for live delivery and for a rebuild from the outbox. */
export function timelineEntryOf(e: DomainEventEnvelope): TimelineEntry | null {
  // payment events belong to the payment entity and name their order in the payload
  const orderId =
    e.name.startsWith('orders.') && e.aggregateType === 'order'
      ? e.aggregateId
      : (FOREIGN_TIMELINE_EVENTS as readonly string[]).includes(e.name)
        ? ((e.payload as { orderId?: string }).orderId ?? null)
        : null;
  if (!orderId) return null;
  return {
    eventId: e.eventId,
    orderId,
    seq: e.sequence,
    ts: e.occurredAt,
    kind: e.name,
    actorUserId: e.actor.userId,
    actorRole: e.actor.role,
    summary: timelineSummary(e),
    payload: e.payload as Record<string, unknown>,
  };
}

/** Inserts timeline rows idempotently (a redelivered or replayed event leaves one row). */
export const INSERT_TIMELINE_SQL = `INSERT INTO order_timeline (event_id, order_id, seq, ts, kind, actor_user_id, actor_role, summary, payload)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT (event_id) DO NOTHING`;

export function timelineParams(t: TimelineEntry): unknown[] {
  return [
    t.eventId,
    t.orderId,
    t.seq,
    t.ts,
    t.kind,
    t.actorUserId,
    t.actorRole,
    t.summary,
    JSON.stringify(t.payload),
  ];
}
