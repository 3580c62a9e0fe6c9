import type { Diff } from '../../../shared/domain/domain-event';
import type { EnvelopeOf, UpcasterTable } from '../../../shared/domain/event-contract';
import {
  CHANNEL_CONSENT_EVENTS,
  type TelegramConsentGivenV1,
  type TelegramConsentWithdrawnV1,
} from '../../privacy/contracts/channel-consent.events';

export type { TelegramConsentGivenV1, TelegramConsentWithdrawnV1 };

/**
 * The integrations module's published events (version 1 = the unversioned shape plus `v`).
 * Never a token or a webhook secret: a token change shows as its fingerprint only.
 */
export const INTEGRATION_EVENTS = {
  added: 'integrations.added',
  activated: 'integrations.activated',
  deactivated: 'integrations.deactivated',
  connectionFailed: 'integrations.connection-failed',
  tokenReplaced: 'integrations.token-replaced',
  ...CHANNEL_CONSENT_EVENTS,
} as const;

export interface IntegrationAddedV1 {
  v: 1;
  type: string;
  purpose: string;
  diff: Diff;
}
export interface IntegrationChangedV1 {
  v: 1;
  diff: Diff;
}
export interface IntegrationConnectionFailedV1 {
  v: 1;
  error: string;
  diff: Diff;
}

export interface IntegrationEventPayloads {
  'integrations.added': IntegrationAddedV1;
  'integrations.activated': IntegrationChangedV1;
  'integrations.deactivated': IntegrationChangedV1;
  'integrations.connection-failed': IntegrationConnectionFailedV1;
  'integrations.token-replaced': IntegrationChangedV1;
  'integrations.telegram-consent-given': TelegramConsentGivenV1;
  'integrations.telegram-consent-withdrawn': TelegramConsentWithdrawnV1;
}

export type IntegrationEvent = EnvelopeOf<IntegrationEventPayloads>;

export const INTEGRATION_UPCASTERS: UpcasterTable = {};
