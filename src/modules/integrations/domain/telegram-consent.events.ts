import { DomainEvent } from '../../../shared/domain/domain-event';
import type { ContractOf } from '../../../shared/domain/event-contract';
import type { TelegramConsentGivenV1, TelegramConsentWithdrawnV1 } from '../contracts/integrations.events';
import { INTEGRATION_EVENTS } from '../contracts/integrations.events';

/** A customer pressed «Согласен» in the sales bot (the privacy module records it in the register). */
export class TelegramConsentGiven extends DomainEvent<{
  integrationId: string;
  chatId: number;
  textVersion: string;
  givenAt: string;
}> {
  static readonly eventName = INTEGRATION_EVENTS.telegramConsentGiven;
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
  static readonly eventName = INTEGRATION_EVENTS.telegramConsentWithdrawn;
  constructor(payload: { integrationId: string; chatId: number; applicationId: string | null }) {
    super(TelegramConsentWithdrawn.eventName, 'telegram-chat', null, 0, payload);
  }
}

// each class records exactly its published payload (the module's contracts/*.events.ts)
const _contracts: [
  ContractOf<typeof TelegramConsentGiven, TelegramConsentGivenV1>,
  ContractOf<typeof TelegramConsentWithdrawn, TelegramConsentWithdrawnV1>,
] = [true, true];
void _contracts;
