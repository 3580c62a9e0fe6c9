import { Command } from '@nestjs/cqrs';

/**
 * A WhatsApp webhook delivery: `X-Hub-Signature-256` checked against the app secret over the raw
 * bytes (401 and nothing stored otherwise); each message stored once per wamid through the inbound
 * port and each status recorded (one statement each, a transaction only when a delivery has both); processed later by the inbound worker.
 */
export class ReceiveWhatsAppWebhookCommand extends Command<{ messages: number; statuses: number }> {
  constructor(
    readonly integrationId: string,
    readonly signature: string | undefined,
    readonly raw: Buffer,
    /** The body as the JSON parser read it from `raw` (parsed again when absent). */
    readonly body?: unknown,
  ) {
    super();
  }
}
