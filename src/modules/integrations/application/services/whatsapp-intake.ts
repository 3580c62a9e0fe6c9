import { Inject, Injectable } from '@nestjs/common';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../domain/integration.repository.port';
import { CONSENT_BUTTONS } from '../commands/receive-whatsapp-webhook/receive-whatsapp-webhook.handler';
import { InboundAdapterRegistry } from '../inbound/inbound-adapter.registry';
import {
  type FetchedAttachment,
  type InboundAttachment,
  type InboundChannelAdapter,
  type IntakeResult,
  PermanentAttachmentError,
  type StoredInboundMessage,
} from '../inbound/inbound-message.port';
import { BotApiError, type BotMessage } from '../ports/bot-gateway.port';
import { WHATSAPP_GATEWAY, type WhatsAppGateway } from '../ports/whatsapp-gateway.port';
import { MAX_FILE_BYTES, SALES_TEXTS } from './sales-bot';
import { TelegramStore } from '../ports/telegram-store.port';

export const WHATSAPP_TEXTS = {
  consent: SALES_TEXTS.consent,
  consentThanks: 'Спасибо! Ваше сообщение принято, менеджер скоро ответит.',
  consentRefused:
    'Без согласия на обработку данных мы не можем принять заявку, ваше сообщение удалено. Напишите нам снова, если передумаете.',
} as const;

/**
 * The WhatsApp adapter of the inbound port: consent asked with two reply buttons before the
 * first message becomes an application (the message waits, sealed), the number of a new
 * application sent back, media fetched from the Graph API (the download URL is asked for again on
 * every attempt: it expires within minutes). Replies go to the outgoing queue, whose worker picks
 * free text or the approved template by the 24-hour window.
 */
@Injectable()
export class WhatsAppIntake implements InboundChannelAdapter {
  readonly channel = 'whatsapp';
  readonly applicationSource = 'whatsapp' as const;
  readonly requiresConsent = true;

  constructor(
    registry: InboundAdapterRegistry,
    private readonly store: TelegramStore,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    @Inject(WHATSAPP_GATEWAY) private readonly gateway: WhatsAppGateway,
  ) {
    registry.register(this);
  }

  /** Queues a message to the customer (the wa_id is all digits, as the queue's chat id). */
  private reply(m: StoredInboundMessage, message: BotMessage, key: string): Promise<void> {
    return this.store.enqueue(m.integrationId, Number(m.sender), message, `whatsapp:${m.id}:${key}`);
  }

  async askConsent(m: StoredInboundMessage): Promise<void> {
    await this.reply(
      m,
      {
        text: WHATSAPP_TEXTS.consent,
        buttons: [
          [{ text: 'Согласен', data: CONSENT_BUTTONS.yes }],
          [{ text: 'Не согласен', data: CONSENT_BUTTONS.no }],
        ],
      },
      'consent',
    );
  }

  async consentAnswered(m: StoredInboundMessage, given: boolean): Promise<void> {
    await this.reply(
      m,
      { text: given ? WHATSAPP_TEXTS.consentThanks : WHATSAPP_TEXTS.consentRefused },
      'answer',
    );
  }

  async acknowledge(m: StoredInboundMessage, result: IntakeResult): Promise<void> {
    if (!result.created) return;
    await this.reply(
      m,
      { text: SALES_TEXTS.accepted(result.applicationNumber), applicationId: result.applicationId },
      'accepted',
    );
  }

  async fetchAttachment(m: StoredInboundMessage, a: InboundAttachment): Promise<FetchedAttachment> {
    const integration = await this.integrations.findById(m.integrationId);
    if (!integration) throw new PermanentAttachmentError('the WhatsApp number was removed');
    const token = integration.secrets.apiToken;
    let url: string;
    try {
      url = (await this.gateway.media(token, a.ref)).url;
    } catch (err) {
      // the media id itself is unknown: asking again will not help
      if (err instanceof BotApiError && (err.code === 404 || err.code === 400)) {
        throw new PermanentAttachmentError(err.message);
      }
      throw err;
    }
    const stream = await this.gateway.download(token, url, MAX_FILE_BYTES);
    return { stream, fileName: a.fileName ?? `whatsapp-${a.ref}` };
  }
}
