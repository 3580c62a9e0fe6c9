import type { EnvelopeOf } from '../../../shared/domain/event-contract';

/**
 * Consent given or withdrawn in a messenger channel. The integrations module publishes these
 * (their names keep the `integrations.` prefix of the events already stored); privacy declares the
 * contract because privacy consumes it and ranks below integrations (no module cycle).
 */
export const CHANNEL_CONSENT_EVENTS = {
  telegramConsentGiven: 'integrations.telegram-consent-given',
  telegramConsentWithdrawn: 'integrations.telegram-consent-withdrawn',
} as const;

/** A customer pressed «Согласен» in the sales bot. */
export interface TelegramConsentGivenV1 {
  v: 1;
  integrationId: string;
  chatId: number;
  textVersion: string;
  givenAt: string;
}
/** A customer sent /stop. */
export interface TelegramConsentWithdrawnV1 {
  v: 1;
  integrationId: string;
  chatId: number;
  applicationId: string | null;
}

export interface ChannelConsentEventPayloads {
  'integrations.telegram-consent-given': TelegramConsentGivenV1;
  'integrations.telegram-consent-withdrawn': TelegramConsentWithdrawnV1;
}

export type ChannelConsentEvent = EnvelopeOf<ChannelConsentEventPayloads>;
