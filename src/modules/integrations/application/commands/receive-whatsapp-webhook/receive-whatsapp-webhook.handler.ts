import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, ValidationError } from '../../../../../shared/domain/domain-error';
import { parseDelivery, verifyHubSignature, type WhatsAppIncoming } from '../../../domain/whatsapp-webhook';
import { WEBHOOK_INTEGRATIONS, type WebhookIntegrations } from '../../ports/webhook-integrations.port';
import type { InboundMessage } from '../../inbound/inbound-message.port';
import { InboundMessageStore } from '../../ports/inbound-message.store.port';
import { WhatsAppStatuses } from '../../ports/whatsapp-statuses.port';
import { ReceiveWhatsAppWebhookCommand } from './receive-whatsapp-webhook.command';

/** The reply buttons of the consent question (their ids come back in `interactive.button_reply`). */
export const CONSENT_BUTTONS = { yes: 'consent:yes', no: 'consent:no' } as const;

export function toInboundMessage(integrationId: string, m: WhatsAppIncoming): InboundMessage {
  const consent =
    m.buttonId === CONSENT_BUTTONS.yes ? true : m.buttonId === CONSENT_BUTTONS.no ? false : null;
  return {
    channel: 'whatsapp',
    integrationId,
    providerMessageId: m.wamid,
    sender: m.from,
    contact: { name: m.profileName, phone: `+${m.from}` },
    text: consent === null ? m.text : null,
    attachments: m.attachments.map((a) => ({
      ref: a.mediaId,
      fileName: a.fileName,
      contentType: a.mimeType,
      size: null,
      sha256: a.sha256,
    })),
    replyTo: m.replyTo,
    threadKey: m.from,
    receivedAt: m.sentAt,
    ...(consent === null ? {} : { action: { type: 'consent' as const, given: consent } }),
  };
}

/**
 * Cheap by design: the integration and its opened app secret come from the in-process cache, the
 * HMAC is checked over the raw bytes, the body is the one the JSON parser already read, and a
 * delivery's messages are stored in one `INSERT … ON CONFLICT DO NOTHING` (statuses in another,
 * both in one transaction only when a delivery carries both).
 */
@CommandHandler(ReceiveWhatsAppWebhookCommand)
export class ReceiveWhatsAppWebhookHandler implements ICommandHandler<ReceiveWhatsAppWebhookCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(WEBHOOK_INTEGRATIONS) private readonly integrations: WebhookIntegrations,
    private readonly store: InboundMessageStore,
    private readonly statuses: WhatsAppStatuses,
  ) {}

  async execute({ integrationId, signature, raw, body: parsed }: ReceiveWhatsAppWebhookCommand) {
    const found = await this.integrations.get(integrationId);
    const integration = found?.type === 'whatsapp' ? found : null;
    const appSecret = integration?.appSecret ?? null;
    // the same answer (and the same work) for an unknown number and a wrong signature
    const valid = verifyHubSignature(raw, signature, appSecret ?? 'no such integration');
    if (!integration || !appSecret || !valid) {
      throw new DomainError('COMMON.UNAUTHORIZED', 'the X-Hub-Signature-256 signature does not match');
    }
    let body: unknown = parsed;
    if (body === undefined) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw ValidationError.field('(body)', 'the body must be JSON');
      }
    }
    // a stopped number acknowledges deliveries without keeping them
    if (!integration.isActive) return { messages: 0, statuses: 0 };
    const delivery = parseDelivery(body);
    const store = async () => {
      const messages = await this.store.receiveMany(
        delivery.messages.map((m) => toInboundMessage(integrationId, m)),
      );
      if (delivery.statuses.length > 0) await this.statuses.record(integrationId, delivery.statuses);
      return { messages, statuses: delivery.statuses.length };
    };
    return delivery.messages.length > 0 && delivery.statuses.length > 0 ? this.uow.run(store) : store();
  }
}
