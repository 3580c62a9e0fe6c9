import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import type { EnvelopeOf } from '../../../../shared/domain/event-contract';
import {
  CHANNEL_LABELS,
  ORDER_STATUS_LABELS,
  ru,
  SERVICE_TYPE_LABELS,
} from '../../../../shared/domain/labels-ru';
import { formatPlaceDateTime } from '../../../../shared/domain/place-time';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { GetApplicationQuery } from '../../../applications/application/queries/get-application/get-application.query';
import { GetOrderQuery } from '../../../orders/application/queries/get-order/get-order.query';
import { GetServiceNoticeQuery } from '../../../orders/application/queries/get-service-notice/get-service-notice.query';
import type {
  NoticePlace,
  ServiceNoticeView,
} from '../../../orders/application/queries/get-service-notice/get-service-notice.query';
import {
  APPLICATION_EVENTS,
  type ApplicationEventPayloads,
} from '../../../applications/contracts/applications.events';
import {
  ORDER_EVENTS,
  type OrderEventPayloads,
  type OrderServiceChangedV1,
} from '../../../orders/contracts/orders.events';
import { PRIVACY_EVENTS, type PrivacyEventPayloads } from '../../../privacy/contracts/privacy.events';
import type { BotMessage } from '../ports/bot-gateway.port';
import { TelegramStore } from '../ports/telegram-store.port';

/**
 * A new application as operators read it: the number (never the id), the channel, the contact's
 * name and the first line of the text.
 */
export function applicationNotice(a: {
  number: string | null;
  source: string;
  contactName: string | null;
  text: string | null;
}): string {
  const firstLine = (a.text ?? '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const line = firstLine.length > 200 ? `${firstLine.slice(0, 199)}…` : firstLine;
  return [
    `Новая заявка ${a.number ?? ''} (${ru(CHANNEL_LABELS, a.source, 'noun')})`.replace(/\s+\(/, ' ('),
    `Контакт: ${a.contactName ?? 'без имени'}`,
    line ? `«${line.trim()}»` : null,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

type Place = ServiceNoticeView['location'];
const place = (p: Place) => (p ? [p.city, p.iata ?? p.country].filter(Boolean).join(', ') : '');

/**
 * When the service happens, in each end's own time zone, labelled with the city when it differs
 * from the agency's clock: `01.06.2027 10:00 — 01.06.2027 14:00 (Париж)`.
 */
function when(n: ServiceNoticeView): string {
  const start = formatPlaceDateTime(n.startAt, n.location ?? {});
  const end = formatPlaceDateTime(n.endAt, n.destination ?? n.location ?? {});
  return `${start} — ${end}`;
}

const noticePlace = (p: NonNullable<OrderServiceChangedV1['service']>['location']): NoticePlace => ({
  city: p.city,
  country: p.country,
  iata: p.iata ?? undefined,
  timeZone: p.timeZone,
});

/** The notice of a service from the event's snapshot (contract v1): no read of the order. */
export function noticeFromEvent(
  orderId: string,
  p: Pick<OrderServiceChangedV1, 'number' | 'serviceId' | 'facts'> & {
    service: NonNullable<OrderServiceChangedV1['service']>;
  },
): ServiceNoticeView {
  const s = p.service;
  return {
    serviceId: p.serviceId,
    orderId,
    number: p.number,
    managerId: p.facts?.managerId ?? null,
    type: s.type,
    supplier: s.supplier,
    startAt: s.startAt,
    endAt: s.endAt,
    location: noticePlace(s.location),
    destination: s.destination ? noticePlace(s.destination) : null,
    bookingRef: s.bookingRef,
    travellers: s.travellers,
  };
}

/** What this subscriber receives, typed by each publisher's contract. */
type NoticeEvent = EnvelopeOf<
  Pick<ApplicationEventPayloads, typeof APPLICATION_EVENTS.created> &
    Pick<
      OrderEventPayloads,
      | typeof ORDER_EVENTS.statusChanged
      | typeof ORDER_EVENTS.serviceAdded
      | typeof ORDER_EVENTS.serviceUpdated
    > &
    Pick<PrivacyEventPayloads, typeof PRIVACY_EVENTS.requestDueSoon | typeof PRIVACY_EVENTS.incidentNoticeDue>
>;

export function serviceNotice(n: ServiceNoticeView, changed: boolean): BotMessage {
  const route = n.destination ? `${place(n.location)} → ${place(n.destination)}` : place(n.location);
  const lines = [
    `${changed ? 'Изменена' : 'Новая'} услуга по заказу ${n.number}: ${ru(SERVICE_TYPE_LABELS, n.type, 'noun')}`,
    route,
    when(n),
    `Путешественников: ${n.travellers}`,
    n.bookingRef ? `Бронь: ${n.bookingRef}` : null,
  ].filter((l): l is string => Boolean(l));
  return {
    text: lines.join('\n'),
    buttons: [
      [
        { text: 'Подтвердить', data: `confirm:${n.serviceId}` },
        { text: 'Отклонить', data: `reject:${n.serviceId}` },
      ],
    ],
  };
}

/** `Заказ 2027-000001: статус «Черновик» → «Подтверждён»`. */
export function statusNotice(number: string, from: string, to: string): string {
  return `Заказ ${number}: статус «${ru(ORDER_STATUS_LABELS, from)}» → «${ru(ORDER_STATUS_LABELS, to)}»`;
}

/**
 * Telegram notices from domain events, queued in the relay's transaction (with its inbox row, so
 * a redelivered event queues nothing twice): operators get new applications (the assignee, or
 * every linked operator when unassigned, with a "take" button) and status changes of the orders
 * they manage; suppliers get each new or changed service of theirs with Confirm / Reject.
 */
@Injectable()
@DomainEventHandler({
  name: 'telegram-notifications',
  events: [
    APPLICATION_EVENTS.created,
    ORDER_EVENTS.statusChanged,
    ORDER_EVENTS.serviceAdded,
    ORDER_EVENTS.serviceUpdated,
    PRIVACY_EVENTS.requestDueSoon,
    PRIVACY_EVENTS.incidentNoticeDue,
  ],
})
export class TelegramNotificationsSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly store: TelegramStore,
    private readonly queries: QueryBus,
  ) {}

  async handle(event: DomainEventEnvelope<object>): Promise<void> {
    const e = event as NoticeEvent;
    if (e.name === APPLICATION_EVENTS.created && e.aggregateId) {
      const p = e.payload;
      const diff = (p.diff ?? {}) as Record<string, { to?: unknown }>;
      const assigneeId = typeof diff.assigneeId?.to === 'string' ? diff.assigneeId.to : null;
      // the contact's name and the text are personal data: never in the payload, read here
      const application = await this.queries.execute(new GetApplicationQuery(e.aggregateId));
      const message: BotMessage = {
        text: applicationNotice({
          number: application?.number ?? p.number ?? null,
          source: p.source,
          contactName: application?.contact.name ?? null,
          text: application?.text ?? null,
        }),
        buttons: assigneeId ? undefined : [[{ text: 'Взять в работу', data: `take:${e.aggregateId}` }]],
      };
      await this.notify(e, 'operators', { userIds: assigneeId ? [assigneeId] : 'all' }, message);
      return;
    }
    if (e.name === PRIVACY_EVENTS.requestDueSoon || e.name === PRIVACY_EVENTS.incidentNoticeDue) {
      // personal-data deadlines (152-FZ): every linked operator is told
      await this.notify(e, 'operators', { userIds: 'all' }, { text: e.payload.notice });
      return;
    }
    if (e.name === ORDER_EVENTS.statusChanged && e.aggregateId) {
      const p = e.payload;
      // the manager comes with the event (v1); only an event stored before it reads the order
      const managerId = p.facts
        ? p.facts.managerId
        : ((await this.queries.execute(new GetOrderQuery(e.aggregateId)))?.managerId ?? null);
      if (!managerId) return;
      await this.notify(
        e,
        'operators',
        { userIds: [managerId] },
        { text: statusNotice(String(p.number), String(p.from), String(p.to)) },
      );
      return;
    }
    if (
      (e.name === ORDER_EVENTS.serviceAdded || e.name === ORDER_EVENTS.serviceUpdated) &&
      e.payload.serviceId
    ) {
      const p = e.payload;
      const service = p.service ?? null;
      const notice =
        service && e.aggregateId
          ? noticeFromEvent(e.aggregateId, { ...p, service })
          : await this.queries.execute(new GetServiceNoticeQuery(p.serviceId));
      if (!notice?.supplier) return;
      await this.notify(
        e,
        'suppliers',
        { supplier: notice.supplier },
        serviceNotice(notice, e.name === ORDER_EVENTS.serviceUpdated),
      );
    }
  }

  private async notify(
    e: Pick<DomainEventEnvelope, 'eventId'>,
    purpose: 'operators' | 'suppliers',
    who: { userIds?: string[] | 'all'; supplier?: string },
    message: BotMessage,
  ): Promise<void> {
    for (const c of await this.store.linkedChats(purpose, who)) {
      await this.store.enqueue(
        c.integrationId,
        c.chatId,
        message,
        `${e.eventId}:${c.integrationId}:${c.chatId}`,
      );
    }
  }
}
