import type { WhatsAppDelivery } from '../../domain/whatsapp-webhook';

/**
 * Delivery statuses of outgoing WhatsApp messages as the webhook reports them, kept once per
 * (integration, message, status). One statement per delivery (the webhook is benchmarked).
 * Implemented by `infrastructure/sql-whatsapp-statuses.ts`.
 */
export abstract class WhatsAppStatuses {
  abstract record(integrationId: string, statuses: WhatsAppDelivery['statuses']): Promise<void>;
}
