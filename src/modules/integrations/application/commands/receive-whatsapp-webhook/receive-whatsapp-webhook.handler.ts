import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, ValidationError } from '../../../../../shared/domain/domain-error';
import { parseDelivery, verifyHubSignature, type WhatsAppIncoming } from '../../../domain/whatsapp-webhook';
import type { InboundMessage } from '../../inbound/inbound-message.port';
import { InboundMessageStore } from '../../inbound/inbound-message.store';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
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

@CommandHandler(ReceiveWhatsAppWebhookCommand)
export class ReceiveWhatsAppWebhookHandler implements ICommandHandler<ReceiveWhatsAppWebhookCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
    private readonly store: InboundMessageStore,
  ) {}

  async execute({ integrationId, signature, raw }: ReceiveWhatsAppWebhookCommand) {
    const [row] = await this.uow.rows<{ sealed: string | null; is_active: boolean }>(
      `SELECT channel_secrets_encrypted AS sealed, is_active FROM integration_settings
        WHERE id = $1 AND type = 'whatsapp'`,
      [integrationId],
    );
    // the same answer (and the same work) for an unknown number and a wrong signature
    const appSecret = row?.sealed ? this.codec.openChannelSecrets(integrationId, row.sealed).appSecret : null;
    const valid = verifyHubSignature(raw, signature, appSecret ?? 'no such integration');
    if (!row || !appSecret || !valid) {
      throw new DomainError('COMMON.UNAUTHORIZED', 'the X-Hub-Signature-256 signature does not match');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw ValidationError.field('(body)', 'the body must be JSON');
    }
    // a stopped number acknowledges deliveries without keeping them
    if (!row.is_active) return { messages: 0, statuses: 0 };
    const delivery = parseDelivery(body);
    return this.uow.run(async () => {
      let messages = 0;
      for (const m of delivery.messages) {
        if ((await this.store.receive(toInboundMessage(integrationId, m))).stored) messages += 1;
      }
      for (const s of delivery.statuses) {
        await this.uow.sql(
          `INSERT INTO whatsapp_statuses (integration_id, provider_message_id, status, occurred_at, error_code,
                                          error_title)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            integrationId,
            s.wamid.slice(0, 998),
            s.status.slice(0, 40),
            s.at,
            s.errorCode,
            s.errorTitle?.slice(0, 200) ?? null,
          ],
        );
      }
      return { messages, statuses: delivery.statuses.length };
    });
  }
}
