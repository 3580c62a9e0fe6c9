import type { IntegrationPurpose, IntegrationType } from '../domain/integration';

/** An integration as the API shows it: never the token or the webhook secret. */
export interface IntegrationView {
  id: string;
  type: IntegrationType;
  purpose: IntegrationPurpose;
  botName: string;
  /** Last 4 hex characters of the token's SHA-256. */
  tokenFingerprint: string;
  isActive: boolean;
  /** Where Telegram delivers this bot's updates; null for a mailbox (read over IMAP). */
  webhookUrl: string | null;
  lastConnectedAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const webhookPath = (id: string, type: string = 'telegram'): string =>
  `/api/v1/integrations/${type === 'whatsapp' ? 'whatsapp' : 'telegram'}/${id}/webhook`;
