import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { DomainEventEnvelope } from '../../../../shared/domain/domain-event';
import {
  DomainEventHandler,
  type DomainEventSubscriber,
} from '../../../../shared/outbox/domain-event-handler.decorator';
import { ListApplicationsQuery } from '../../../applications/application/queries/list-applications/list-applications.query';
import { type ConsentWithdrawnV1, PRIVACY_EVENTS } from '../../../privacy/contracts/privacy.events';
import { TelegramStore } from '../ports/telegram-store.port';

/**
 * A consent withdrawn by staff (or through another channel) stops the person's sales-bot chats:
 * the chat of a withdrawn chat consent, the chats of a withdrawn application's conversation, and
 * for a client the chats of every application linked to them.
 */
@Injectable()
@DomainEventHandler({ name: 'telegram-consent-withdrawn', events: [PRIVACY_EVENTS.consentWithdrawn] })
export class TelegramConsentWithdrawnSubscriber implements DomainEventSubscriber {
  constructor(
    private readonly store: TelegramStore,
    private readonly queries: QueryBus,
  ) {}

  async handle(e: DomainEventEnvelope<ConsentWithdrawnV1>): Promise<void> {
    const p = e.payload;
    const at = new Date(e.occurredAt);
    if (p.subjectKind === 'telegram_chat' && p.subjectId) {
      const [integrationId, chatId] = p.subjectId.split(':');
      await this.store.stopChats({ chats: [[integrationId, Number(chatId)]] }, at);
      return;
    }
    const applicationIds: string[] = [];
    if (p.subjectKind === 'application' && p.subjectId) applicationIds.push(p.subjectId);
    if (p.clientId) {
      const page = await this.queries.execute(
        new ListApplicationsQuery({ clientId: p.clientId }, { limit: 200, offset: 0 }),
      );
      applicationIds.push(...page.items.map((a) => a.id));
    }
    if (applicationIds.length > 0) await this.store.stopChats({ applicationIds }, at);
  }
}
