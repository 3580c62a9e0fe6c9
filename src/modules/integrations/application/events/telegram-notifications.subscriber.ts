import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
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
import type { ServiceNoticeView } from '../../../orders/application/queries/get-service-notice/get-service-notice.query';
import type { BotMessage } from '../ports/bot-gateway.port';
import { TelegramStore } from '../services/telegram-store';

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
    'applications.created',
    'orders.status-changed',
    'orders.service-added',
    'orders.service-updated',
    'privacy.request-due-soon',
    'privacy.incident-notice-due',
  ],
})
export class TelegramNotificationsSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly store: TelegramStore,
    private readonly queries: QueryBus,
  ) {}

  async handle(e: DomainEventEnvelope): Promise<void> {
    const p = e.payload as Record<string, unknown>;
    if (e.name === 'applications.created' && e.aggregateId) {
      const diff = (p.diff ?? {}) as Record<string, { to?: unknown }>;
      const assigneeId = typeof diff.assigneeId?.to === 'string' ? diff.assigneeId.to : null;
      const application = await this.queries.execute(new GetApplicationQuery(e.aggregateId));
      const message: BotMessage = {
        text: applicationNotice({
          number: application?.number ?? (typeof p.number === 'string' ? p.number : null),
          source: String(p.source),
          contactName: application?.contact.name ?? null,
          text: application?.text ?? null,
        }),
        buttons: assigneeId ? undefined : [[{ text: 'Взять в работу', data: `take:${e.aggregateId}` }]],
      };
      await this.notify(e, 'operators', { userIds: assigneeId ? [assigneeId] : 'all' }, message);
      return;
    }
    if (e.name === 'privacy.request-due-soon' || e.name === 'privacy.incident-notice-due') {
      // personal-data deadlines (152-FZ): every linked operator is told
      await this.notify(e, 'operators', { userIds: 'all' }, { text: String(p.notice) });
      return;
    }
    if (e.name === 'orders.status-changed' && e.aggregateId) {
      const order = await this.queries.execute(new GetOrderQuery(e.aggregateId));
      if (!order?.managerId) return;
      await this.notify(
        e,
        'operators',
        { userIds: [order.managerId] },
        { text: statusNotice(String(p.number), String(p.from), String(p.to)) },
      );
      return;
    }
    if ((e.name === 'orders.service-added' || e.name === 'orders.service-updated') && p.serviceId) {
      const notice = await this.queries.execute(new GetServiceNoticeQuery(String(p.serviceId)));
      if (!notice?.supplier) return;
      await this.notify(
        e,
        'suppliers',
        { supplier: notice.supplier },
        serviceNotice(notice, e.name === 'orders.service-updated'),
      );
    }
  }

  private async notify(
    e: DomainEventEnvelope,
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
