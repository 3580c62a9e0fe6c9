import { Command } from '@nestjs/cqrs';

/**
 * A WhatsApp webhook delivery: `X-Hub-Signature-256` checked against the app secret over the raw
 * bytes (401 and nothing stored otherwise); each message stored once per wamid through the inbound
 * port and each status recorded, in one transaction; processed later by the inbound worker.
 */
export class ReceiveWhatsAppWebhookCommand extends Command<{ messages: number; statuses: number }> {
  constructor(
    readonly integrationId: string,
    readonly signature: string | undefined,
    readonly raw: Buffer,
  ) {
    super();
  }
}
