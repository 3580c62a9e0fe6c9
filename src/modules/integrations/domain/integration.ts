import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { type FieldError, ValidationError } from '../../../shared/domain/domain-error';
import {
  IntegrationActivated,
  IntegrationAdded,
  IntegrationConnectionFailed,
  IntegrationDeactivated,
  IntegrationTokenReplaced,
} from './integration.events';

export const INTEGRATION_TYPES = ['telegram', 'whatsapp', 'email'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export const INTEGRATION_PURPOSES = ['sales', 'operators', 'suppliers'] as const;
export type IntegrationPurpose = (typeof INTEGRATION_PURPOSES)[number];

/** The secrets of an integration, in the clear only in memory. */
export interface IntegrationSecrets {
  /** Telegram: the bot token. WhatsApp: the Graph API access token. */
  apiToken: string;
  /** Telegram: the webhook secret token. WhatsApp: the verify token of Meta's handshake. */
  webhookSecret: string;
  /** WhatsApp: the Meta app secret that signs webhook deliveries (X-Hub-Signature-256). */
  appSecret?: string;
  /** WhatsApp: the business phone number's id in the Graph API. */
  phoneNumberId?: string;
}

/** Plain (non-secret) settings of a channel. */
export interface IntegrationSettings {
  /** WhatsApp: the approved template sent outside the 24-hour customer-service window. */
  templateName?: string;
  templateLanguage?: string;
}

export interface IntegrationProps {
  type: IntegrationType;
  purpose: IntegrationPurpose;
  botName: string;
  secrets: IntegrationSecrets;
  settings: IntegrationSettings;
  /** Last 4 hex characters of SHA-256 of the token: enough to tell tokens apart, useless to an attacker. */
  tokenFingerprint: string;
  isActive: boolean;
  lastConnectedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface AddIntegrationInput {
  type: IntegrationType;
  purpose: IntegrationPurpose;
  botName: string;
  apiToken: string;
  webhookSecret: string;
  tokenFingerprint: string;
  appSecret?: string;
  phoneNumberId?: string;
  settings?: IntegrationSettings;
}

export interface ChangeContext {
  by: string | null;
  now: Date;
}

/** Limits of an integration's settings (the DTO imports them). */
export const MAX_INTEGRATION_NAME = 200;
export const MAX_GRAPH_TOKEN = 1000;
export const MAX_APP_SECRET = 200;
export const MAX_TEMPLATE_NAME = 512;
const BOT_NAME_RE = /^[A-Za-z0-9_]{3,64}$/;
/** An e-mail integration is named by its mailbox (`zayavki@agency.ru`), shown in lists. */
const isMailboxName = (name: string): boolean =>
  name.length >= 1 &&
  name.length <= MAX_INTEGRATION_NAME &&
  [...name].every((ch) => ch.charCodeAt(0) > 0x1f && ch !== '\u007f');
/** `<bot id>:<35-ish url-safe characters>` as issued by @BotFather. */
const TELEGRAM_TOKEN_RE = /^\d{3,20}:[A-Za-z0-9_-]{20,100}$/;
export const MAX_ERROR = 500;
/** A Graph API access token: printable, no spaces (system-user tokens are ~200 characters). */
const GRAPH_TOKEN_RE = new RegExp(`^[A-Za-z0-9_\\-.|]{20,${MAX_GRAPH_TOKEN}}$`);
const PHONE_NUMBER_ID_RE = /^\d{5,30}$/;
const SECRET_RE = new RegExp(`^[\\x21-\\x7e]{8,${MAX_APP_SECRET}}$`);
const TEMPLATE_NAME_RE = new RegExp(`^[a-z0-9_]{1,${MAX_TEMPLATE_NAME}}$`);
const LANGUAGE_RE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/** Field errors of a WhatsApp number's settings; never echoes a secret. */
function whatsAppErrors(input: AddIntegrationInput, botName: string): FieldError[] {
  const errors: FieldError[] = [];
  if (botName.length < 1 || botName.length > 100)
    errors.push({ field: 'botName', message: 'botName must be 1–100 characters' });
  if (typeof input.phoneNumberId !== 'string' || !PHONE_NUMBER_ID_RE.test(input.phoneNumberId.trim()))
    errors.push({
      field: 'phoneNumberId',
      message: 'phoneNumberId must be the digits Meta shows for the number',
    });
  if (typeof input.apiToken !== 'string' || !GRAPH_TOKEN_RE.test(input.apiToken.trim()))
    errors.push({ field: 'accessToken', message: 'accessToken does not look like a Graph API access token' });
  if (typeof input.appSecret !== 'string' || !SECRET_RE.test(input.appSecret.trim()))
    errors.push({
      field: 'appSecret',
      message: `appSecret must be 8–${MAX_APP_SECRET} printable characters`,
    });
  if (typeof input.webhookSecret !== 'string' || !SECRET_RE.test(input.webhookSecret))
    errors.push({
      field: 'verifyToken',
      message: `verifyToken must be 8–${MAX_APP_SECRET} printable characters`,
    });
  const t = input.settings ?? {};
  if (t.templateName !== undefined && !TEMPLATE_NAME_RE.test(t.templateName))
    errors.push({ field: 'templateName', message: 'templateName must be a template name (a-z, 0-9, _)' });
  if (t.templateLanguage !== undefined && !LANGUAGE_RE.test(t.templateLanguage))
    errors.push({
      field: 'templateLanguage',
      message: 'templateLanguage must be a language code such as ru or en_US',
    });
  return errors;
}

/**
 * A bot (or, later, another channel) the agency connected: its purpose, its token and webhook
 * secret (sealed at rest by the repository), whether it runs and how its last connection went.
 */
export class Integration extends AggregateRoot {
  private constructor(
    id: string,
    version: number,
    private props: IntegrationProps,
  ) {
    super(id, version);
  }

  static add(id: string, input: AddIntegrationInput, ctx: ChangeContext): Integration {
    const errors: FieldError[] = [];
    if (!(INTEGRATION_TYPES as readonly string[]).includes(input.type))
      errors.push({ field: 'type', message: `type must be one of ${INTEGRATION_TYPES.join(', ')}` });
    if (!(INTEGRATION_PURPOSES as readonly string[]).includes(input.purpose))
      errors.push({ field: 'purpose', message: `purpose must be one of ${INTEGRATION_PURPOSES.join(', ')}` });
    let botName = (input.botName ?? '').trim().replace(/^@/, '');
    if (input.type === 'whatsapp') {
      botName = (input.botName ?? '').trim();
      errors.push(...whatsAppErrors(input, botName));
    } else if (input.type === 'email') {
      // a mailbox keeps its settings and passwords beside (email_mailboxes)
      botName = (input.botName ?? '').trim();
      if (input.purpose !== 'sales')
        errors.push({
          field: 'purpose',
          message: 'an email integration takes requests: purpose must be sales',
        });
      if (!isMailboxName(botName))
        errors.push({
          field: 'botName',
          message: 'botName must name the mailbox (1–200 printable characters)',
        });
    } else {
      if (!BOT_NAME_RE.test(botName))
        errors.push({ field: 'botName', message: 'botName must be a bot username (letters, digits, _)' });
      // never echo the token in the message
      if (typeof input.apiToken !== 'string' || !TELEGRAM_TOKEN_RE.test(input.apiToken.trim()))
        errors.push({ field: 'apiToken', message: 'apiToken does not look like a Telegram bot token' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const secrets: IntegrationSecrets = {
      apiToken: (input.apiToken ?? '').trim(),
      webhookSecret: input.webhookSecret,
    };
    if (input.type === 'whatsapp') {
      secrets.appSecret = (input.appSecret ?? '').trim();
      secrets.phoneNumberId = (input.phoneNumberId ?? '').trim();
    }
    const integration = new Integration(id, 0, {
      type: input.type,
      purpose: input.purpose,
      botName,
      secrets,
      settings: { ...(input.settings ?? {}) },
      tokenFingerprint: input.tokenFingerprint,
      isActive: false,
      lastConnectedAt: null,
      lastError: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.by,
      updatedBy: ctx.by,
    });
    integration.record(
      new IntegrationAdded(id, 1, {
        type: input.type,
        purpose: input.purpose,
        diff: {
          type: { from: null, to: input.type },
          purpose: { from: null, to: input.purpose },
          botName: { from: null, to: botName },
          tokenFingerprint: { from: null, to: input.tokenFingerprint },
          isActive: { from: null, to: false },
        },
      }),
    );
    return integration;
  }

  static reconstitute(id: string, version: number, props: IntegrationProps): Integration {
    return new Integration(id, version, props);
  }

  get type(): IntegrationType {
    return this.props.type;
  }
  get purpose(): IntegrationPurpose {
    return this.props.purpose;
  }
  get botName(): string {
    return this.props.botName;
  }
  get isActive(): boolean {
    return this.props.isActive;
  }
  get lastError(): string | null {
    return this.props.lastError;
  }
  get secrets(): IntegrationSecrets {
    return { ...this.props.secrets };
  }
  get settings(): IntegrationSettings {
    return { ...this.props.settings };
  }
  snapshot(): Readonly<IntegrationProps> {
    return { ...this.props, secrets: { ...this.props.secrets } };
  }

  /**
   * A new token (from @BotFather, e.g. after a revoke) with a fresh webhook secret. The bot stops
   * until it is activated again with the new token; `lastError` is cleared.
   */
  replaceToken(apiToken: string, tokenFingerprint: string, webhookSecret: string, ctx: ChangeContext): void {
    const valid =
      this.props.type === 'whatsapp'
        ? typeof apiToken === 'string' && GRAPH_TOKEN_RE.test(apiToken.trim())
        : typeof apiToken === 'string' && TELEGRAM_TOKEN_RE.test(apiToken.trim());
    if (!valid)
      throw ValidationError.field('apiToken', `apiToken does not look like a ${this.props.type} token`);
    // a WhatsApp number keeps its verify token (Meta's webhook settings need not change)
    if (this.props.type === 'whatsapp') webhookSecret = this.props.secrets.webhookSecret;
    const before = {
      tokenFingerprint: this.props.tokenFingerprint,
      isActive: this.props.isActive,
      lastError: this.props.lastError,
    };
    this.props = {
      ...this.props,
      secrets: { ...this.props.secrets, apiToken: apiToken.trim(), webhookSecret },
      tokenFingerprint,
      isActive: false,
      lastError: null,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    const diff: Record<string, { from: unknown; to: unknown }> = {
      tokenFingerprint: { from: before.tokenFingerprint, to: tokenFingerprint },
    };
    if (before.isActive) diff.isActive = { from: true, to: false };
    if (before.lastError !== null) diff.lastError = { from: before.lastError, to: null };
    this.record(new IntegrationTokenReplaced(this.id, this.nextVersion, { diff }));
  }

  /** The Bot API accepted the token and the webhook: the bot runs. */
  activated(botName: string, ctx: ChangeContext): void {
    const before = {
      isActive: this.props.isActive,
      lastError: this.props.lastError,
      botName: this.props.botName,
    };
    this.props = {
      ...this.props,
      isActive: true,
      botName: this.props.type === 'telegram' && BOT_NAME_RE.test(botName) ? botName : this.props.botName,
      lastConnectedAt: ctx.now,
      lastError: null,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    const diff: Record<string, { from: unknown; to: unknown }> = {
      isActive: { from: before.isActive, to: true },
      lastConnectedAt: { from: null, to: ctx.now.toISOString() },
    };
    if (before.lastError !== null) diff.lastError = { from: before.lastError, to: null };
    if (before.botName !== this.props.botName)
      diff.botName = { from: before.botName, to: this.props.botName };
    this.record(new IntegrationActivated(this.id, this.nextVersion, { diff }));
  }

  /** Stopped on request; idempotent. */
  deactivate(ctx: ChangeContext): void {
    if (!this.props.isActive) return;
    this.props = { ...this.props, isActive: false, updatedAt: ctx.now, updatedBy: ctx.by };
    this.record(
      new IntegrationDeactivated(this.id, this.nextVersion, {
        diff: { isActive: { from: true, to: false } },
      }),
    );
  }

  /**
   * The Bot API refused the token (revoked, wrong) or was unreachable: the integration stops and
   * keeps the reason. The caller passes an error text already cleaned of the token.
   */
  connectionFailed(error: string, ctx: ChangeContext): void {
    const message = error.slice(0, MAX_ERROR);
    if (this.props.lastError === message && !this.props.isActive) return;
    const before = { isActive: this.props.isActive, lastError: this.props.lastError };
    this.props = {
      ...this.props,
      isActive: false,
      lastError: message,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
    this.record(
      new IntegrationConnectionFailed(this.id, this.nextVersion, {
        error: message,
        diff: {
          isActive: { from: before.isActive, to: false },
          lastError: { from: before.lastError, to: message },
        },
      }),
    );
  }
}
