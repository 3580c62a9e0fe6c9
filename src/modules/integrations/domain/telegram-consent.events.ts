import { DomainEvent } from '../../../shared/domain/domain-event';

/** A customer pressed «Согласен» in the sales bot (the privacy module records it in the register). */
export class TelegramConsentGiven extends DomainEvent<{
  integrationId: string;
  chatId: number;
  textVersion: string;
  givenAt: string;
}> {
  static readonly eventName = 'integrations.telegram-consent-given';
  constructor(payload: { integrationId: string; chatId: number; textVersion: string; givenAt: string }) {
    super(TelegramConsentGiven.eventName, 'telegram-chat', null, 0, payload);
  }
}

/** A customer sent /stop: the chat is stopped; the privacy module withdraws the chat's consents. */
export class TelegramConsentWithdrawn extends DomainEvent<{
  integrationId: string;
  chatId: number;
  applicationId: string | null;
}> {
  static readonly eventName = 'integrations.telegram-consent-withdrawn';
  constructor(payload: { integrationId: string; chatId: number; applicationId: string | null }) {
    super(TelegramConsentWithdrawn.eventName, 'telegram-chat', null, 0, payload);
  }
}
