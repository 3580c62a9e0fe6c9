import type { DomainEventEnvelope } from '../../../shared/domain/domain-event';
import { type EnvelopeOf, mergeUpcasters } from '../../../shared/domain/event-contract';
import {
  DOCUMENT_TYPE_LABELS,
  ORDER_STATUS_LABELS,
  PAYMENT_TYPE_LABELS,
  ru,
  SERVICE_TYPE_LABELS,
} from '../../../shared/domain/labels-ru';
import {
  DOCUMENT_EVENTS,
  DOCUMENT_UPCASTERS,
  type DocumentEventPayloads,
} from '../../documents/contracts/documents.events';
import {
  FINANCE_EVENTS,
  FINANCE_UPCASTERS,
  type FinanceEventPayloads,
  type PaymentRecordedV1,
} from '../../finance/contracts/finance.events';
import {
  ALL_ORDER_EVENTS,
  ORDER_EVENTS,
  ORDER_UPCASTERS,
  type OrderEventPayloads,
  type OrderServiceChangedV1,
  type ServiceSnapshotV1,
} from '../../orders/contracts/orders.events';
import { placeTime } from '../../../shared/domain/place-time';

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

/**
 * Events of other modules that concern one order (they name it in `payload.orderId`) and belong on
 * its timeline: payments and refunds, and a final document that no longer matches the order.
 */
export const FOREIGN_TIMELINE_EVENTS = [
  FINANCE_EVENTS.paymentRecorded,
  FINANCE_EVENTS.paymentCancelled,
  DOCUMENT_EVENTS.outdated,
] as const;

/** The upcasters of the contracts the timeline reads: a rebuild sees what live delivery sees. */
export const TIMELINE_UPCASTERS = mergeUpcasters(ORDER_UPCASTERS, FINANCE_UPCASTERS, DOCUMENT_UPCASTERS);

/**
 * The version of the timeline's rendering ({@link timelineEntryOf}: kinds, summaries, payloads).
 * Bump it with any change to what a row says: on start, a database whose timeline was built with
 * an older version (or none) rebuilds it from the outbox history (TimelineRebuildOnStart).
 */
export const TIMELINE_PROJECTION_VERSION = 1;

/** What the timeline projection subscribes to. */
export const TIMELINE_EVENTS: readonly string[] = [ALL_ORDER_EVENTS, ...FOREIGN_TIMELINE_EVENTS];

type TimelinePayloads = OrderEventPayloads &
  Pick<FinanceEventPayloads, typeof FINANCE_EVENTS.paymentRecorded | typeof FINANCE_EVENTS.paymentCancelled> &
  Pick<DocumentEventPayloads, typeof DOCUMENT_EVENTS.outdated>;

/** An event the timeline reads, its payload typed by the publishing module's contract (current version). */
export type TimelineEvent = EnvelopeOf<TimelinePayloads>;

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

type Diff = Readonly<Record<string, { from: unknown; to: unknown } | undefined>>;
interface PlaceLike {
  city?: string;
  timeZone?: string;
}

function fields(diff: Diff | undefined): string {
  const keys = Object.keys(diff ?? {}).filter((k) => !k.startsWith('services.'));
  return keys.map((k) => FIELD_RU[k] ?? k).join(', ');
}

/** The service's route and dates: ` Москва → Париж, 01.06.2027 10:00 → 01.06.2027 14:00 (Париж)`. */
function itinerary(service: ServiceSnapshotV1 | null, diff: Diff | undefined, side: 'from' | 'to'): string {
  const d = diff ?? {};
  // the snapshot (v1) or, for events stored before it, the diff of the service
  const location = service?.location ?? (d.location?.[side] as PlaceLike | null | undefined) ?? null;
  const destination =
    (service ? service.destination : (d.destination?.[side] as PlaceLike | null | undefined)) ?? null;
  const startAt = service?.startAt ?? (d.startAt?.[side] as string | null | undefined) ?? null;
  const endAt = service?.endAt ?? (d.endAt?.[side] as string | null | undefined) ?? null;
  const a = location?.city;
  const b = destination?.city;
  const route = a && b ? ` ${a} → ${b}` : a ? ` ${a}` : '';
  if (!startAt || !location) return route;
  const start = placeTime(startAt, location);
  const end = endAt ? placeTime(endAt, destination ?? location) : null;
  return `${route}, ${end && end !== start ? `${start} → ${end}` : start}`;
}

function paymentAmount(p: PaymentRecordedV1): string {
  const base = `${p.amount} ${p.currency}`;
  return p.currency === p.orderCurrency
    ? base
    : `${base} = ${p.amountInOrderCurrency} ${p.orderCurrency} по курсу ${p.rate}`;
}

const forced = (p: OrderServiceChangedV1) => (p.forced ? ' — несмотря на конфликты (принудительно)' : '');
const serviceNoun = (type: string | undefined) =>
  type && SERVICE_TYPE_LABELS[type] ? ru(SERVICE_TYPE_LABELS, type, 'noun') : 'услуга';
const statusNoun = (s: string) => ru(ORDER_STATUS_LABELS, s, 'noun');

/** Where a stored client-merge summary names no one; the reader puts the survivor's name there. */
const SURVIVOR_PLACEHOLDER = 'на другого клиента';

/**
 * A client-merge summary with the surviving client's name, as the timeline is read. Rows written
 * before the timeline module (918a285 and earlier) stored the survivor's id instead of the
 * placeholder (`… перенесены на клиента <uuid>`): the name replaces that too, so an upgraded
 * database shows names on its old rows without waiting for `projections:rebuild timeline`.
 */
export function withSurvivorName(summary: string, toClientId: string, name: string): string {
  const named = `на клиента ${name}`;
  if (summary.endsWith(SURVIVOR_PLACEHOLDER)) return summary.slice(0, -SURVIVOR_PLACEHOLDER.length) + named;
  const legacy = `на клиента ${toClientId}`;
  return summary.endsWith(legacy) ? summary.slice(0, -legacy.length) + named : summary;
}

/** The Russian one-line summary of an event on an order's timeline (words from labels-ru). */
export function timelineSummary(e: TimelineEvent): string {
  switch (e.name) {
    case ORDER_EVENTS.created:
      return `Создан заказ ${e.payload.number}`;
    case ORDER_EVENTS.updated:
      return `Изменён заказ ${e.payload.number}: ${fields(e.payload.diff)}`;
    case ORDER_EVENTS.statusChanged: {
      const p = e.payload;
      const base = `Статус заказа ${p.number}: ${statusNoun(p.from)} → ${statusNoun(p.to)}`;
      return p.reason ? `${base} (причина: ${p.reason})` : base;
    }
    case ORDER_EVENTS.serviceAdded: {
      const p = e.payload;
      return `Добавлена услуга: ${serviceNoun(p.serviceType)}${itinerary(p.service ?? null, p.diff, 'to')}${forced(p)}`;
    }
    case ORDER_EVENTS.serviceUpdated: {
      const p = e.payload;
      return `Изменена услуга (${serviceNoun(p.serviceType)}): ${fields(p.diff)}${forced(p)}`;
    }
    case ORDER_EVENTS.serviceRemoved: {
      const p = e.payload;
      return `Удалена услуга: ${serviceNoun(p.serviceType)}${itinerary(null, p.diff, 'from')}`;
    }
    case ORDER_EVENTS.totalsRecalculated: {
      const { from, to, currency: cur } = e.payload;
      return `Пересчитаны итоги: сумма ${from?.totalAmount} → ${to?.totalAmount} ${cur ?? ''}, комиссия ${from?.commission} → ${to?.commission} ${cur ?? ''}`;
    }
    case ORDER_EVENTS.conflictsDetected: {
      const list = e.payload.conflicts ?? [];
      const errors = list.filter((c) => c.severity === 'error').length;
      const base = `Обнаружены конфликты маршрута: ${list.length} (ошибок: ${errors}, предупреждений: ${list.length - errors})`;
      return e.payload.forced ? `${base}; ошибки приняты принудительно` : base;
    }
    case ORDER_EVENTS.deleted:
      return `Заказ ${e.payload.number} удалён`;
    case ORDER_EVENTS.serviceConfirmationSet: {
      const p = e.payload;
      const verb = p.status === 'confirmed' ? 'подтвердил' : 'отклонил';
      return `Поставщик ${p.supplier} ${verb} услугу (${serviceNoun(p.serviceType)})`;
    }
    case ORDER_EVENTS.clientRelinked:
      // the survivor's name is put in at read time (no personal data in the read model)
      return `Клиенты объединены: ссылки заказа ${e.payload.number} перенесены ${SURVIVOR_PLACEHOLDER}`;
    case ORDER_EVENTS.payerPseudonymized:
      return `Персональные данные плательщика заказа ${e.payload.number} уничтожены`;
    case FINANCE_EVENTS.paymentRecorded:
      return `${ru(PAYMENT_TYPE_LABELS, e.payload.type) || 'Платёж'}: ${paymentAmount(e.payload)}`;
    case FINANCE_EVENTS.paymentCancelled: {
      const p = e.payload;
      return `Отменён платёж (${ru(PAYMENT_TYPE_LABELS, p.type, 'noun') || 'платёж'}): ${paymentAmount(p)}${p.reason ? ` (причина: ${p.reason})` : ''}`;
    }
    case DOCUMENT_EVENTS.outdated:
      return `Документ ${ru(DOCUMENT_TYPE_LABELS, e.payload.type, 'noun')} № ${e.payload.number} выдан и больше не соответствует заказу`;
    default:
      return `Событие ${(e as DomainEventEnvelope).name}`;
  }
}

const FOREIGN = new Set<string>(FOREIGN_TIMELINE_EVENTS);

/** The timeline row of an event — the same for live delivery and for a rebuild from the outbox. */
export function timelineEntryOf(event: DomainEventEnvelope<object>): TimelineEntry | null {
  const e = event as TimelineEvent;
  // payment and document events belong to their own entity and name their order in the payload
  const orderId =
    e.name.startsWith('orders.') && e.aggregateType === 'order'
      ? e.aggregateId
      : FOREIGN.has(e.name)
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
    payload: e.payload as unknown as Record<string, unknown>,
  };
}
