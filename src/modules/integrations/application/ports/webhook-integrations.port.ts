/** What a webhook needs to accept a delivery: the integration's state and its opened secrets. */
export interface WebhookIntegration {
  id: string;
  type: string;
  purpose: string;
  isActive: boolean;
  /** Telegram's `X-Telegram-Bot-Api-Secret-Token`. */
  webhookSecret: string;
  /** WhatsApp's app secret (`X-Hub-Signature-256` key); null for other types. */
  appSecret: string | null;
}

/**
 * The webhooks' read of an integration by id, cheap enough to run per delivery (kept in process,
 * dropped when the integration changes); null for an unknown id.
 */
export interface WebhookIntegrations {
  get(id: string): Promise<WebhookIntegration | null>;
}

export const WEBHOOK_INTEGRATIONS = Symbol('WEBHOOK_INTEGRATIONS');
