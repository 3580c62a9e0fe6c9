import { Inject, Injectable } from '@nestjs/common';
import type { Integration } from '../../domain/integration';
import { InboundMessageStore } from '../ports/inbound-message.store.port';
import { BotApiError, type BotMessage } from '../ports/bot-gateway.port';
import {
  WHATSAPP_GATEWAY,
  type WhatsAppGateway,
  type WhatsAppOutgoing,
} from '../ports/whatsapp-gateway.port';

/** WhatsApp's customer-service window: free text only this long after the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A template parameter may hold no newlines, tabs or more than four spaces in a row (Meta's rule). */
export function templateParameter(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000);
}

/**
 * Chooses how a queued message goes out on WhatsApp: free text (with reply buttons when it has
 * them) inside the 24-hour window since the customer's last message, otherwise the number's
 * approved template with the text as its parameter; no template configured → the message cannot
 * be sent (a permanent failure, parked by the queue).
 */
@Injectable()
export class WhatsAppSender {
  constructor(
    private readonly inbound: InboundMessageStore,
    @Inject(WHATSAPP_GATEWAY) private readonly gateway: WhatsAppGateway,
  ) {}

  async choose(
    integration: Integration,
    to: string,
    message: BotMessage,
    now = new Date(),
  ): Promise<WhatsAppOutgoing> {
    const conv = await this.inbound.peekConversation(integration.id, to);
    const last = conv?.lastCustomerMessageAt ?? null;
    if (last !== null && now.getTime() - last.getTime() < SERVICE_WINDOW_MS) {
      const buttons = (message.buttons ?? []).flat().slice(0, 3);
      return buttons.length > 0
        ? {
            kind: 'buttons',
            text: message.text,
            buttons: buttons.map((b) => ({ id: b.data, title: b.text.slice(0, 20) })),
          }
        : { kind: 'text', text: message.text };
    }
    const { templateName, templateLanguage } = integration.settings;
    if (!templateName) {
      throw new BotApiError(400, 'outside the 24-hour window and no approved template is configured');
    }
    return {
      kind: 'template',
      name: templateName,
      language: templateLanguage ?? 'ru',
      parameters: [templateParameter(message.text)],
    };
  }

  /** Sends and returns the wamid. */
  async send(integration: Integration, to: string, message: BotMessage): Promise<string> {
    const out = await this.choose(integration, to, message);
    const { apiToken, phoneNumberId } = integration.secrets;
    return this.gateway.send(phoneNumberId ?? '', apiToken, to, out);
  }
}
