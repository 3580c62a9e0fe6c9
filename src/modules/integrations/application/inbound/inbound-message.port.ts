/**
 * The inbound port: how every channel (Telegram, WhatsApp, e-mail, later Wazzup / MAX / VK) hands
 * incoming messages to the CRM. A new channel is one adapter folder:
 *
 * 1. **Receive.** In the webhook's (or poller's) own transaction the adapter verifies the delivery
 *    and calls {@link InboundMessageStore.receive} (or sends `ReceiveInboundMessageCommand`) with an
 *    {@link InboundMessage} per provider message. The row is sealed (AES-256-GCM) and unique per
 *    `(integrationId, providerMessageId)`: a redelivery is a no-op (`{ stored: false }`), so the
 *    adapter may answer the provider at once. A poller advances its own cursor in the same
 *    transaction, so a crash between receipt and processing loses nothing and repeats nothing.
 * 2. **Register.** The adapter is a Nest provider implementing {@link InboundChannelAdapter} that
 *    calls `registry.register(this)` ({@link InboundAdapterRegistry}) in its constructor.
 * 3. **Process.** The SKIP LOCKED `InboundMessageWorker` claims each stored row and runs the intake
 *    (`InboundIntake`) in the claiming transaction: consent (messages before consent are held,
 *    sealed, for 24 h), threading (the adapter's `resolveThread`, then `replyTo` and `references`
 *    against every reference recorded for the integration, then the open application of the
 *    `threadKey` within `conversationWindowMs`), create or append the application, record the
 *    message id (and any outgoing ids the adapter adds with `addReference`) as references, queue
 *    one attachment job per attachment (fetched with `fetchAttachment`, retried with backoff), then
 *    `acknowledge` (e.g. queue a reply carrying the application number). An adapter that needs its
 *    own dialogue (Telegram's /start and buttons) implements `process` and calls the intake itself.
 *
 * Nothing here knows a vendor SDK; adapters translate, the intake decides.
 */
import type { Readable } from 'node:stream';

/** A channel's name; also the application's `source` unless the adapter says otherwise. */
export type InboundChannel = 'telegram' | 'whatsapp' | 'email' | (string & {});

/** The sender as a person, as far as the message tells (all parts optional). */
export interface InboundContact {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  telegram?: string | null;
}

/**
 * A file the message carries. `ref` is whatever the adapter needs to fetch it later (a WhatsApp
 * media id, a Telegram file_id, a MIME part path); the bytes never sit in the message table.
 */
export interface InboundAttachment {
  ref: string;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  /** The provider's checksum when it gives one (WhatsApp: sha256, base64). */
  sha256?: string | null;
}

/** A control message rather than content (a consent button, a `/start`). */
export type InboundAction = { type: 'consent'; given: boolean } | { type: 'start' };

/** One incoming message, channel-agnostic. Personal data: stored sealed only. */
export interface InboundMessage {
  channel: InboundChannel;
  integrationId: string;
  /** The provider's id of this message (WhatsApp wamid, Telegram update_id, e-mail Message-ID). */
  providerMessageId: string;
  /** The provider's address of the sender (wa_id, chat id, e-mail address). */
  sender: string;
  contact: InboundContact | null;
  text: string | null;
  attachments: InboundAttachment[];
  /** The provider message id this one answers (WhatsApp `context.id`, e-mail `In-Reply-To`). */
  replyTo: string | null;
  /** Further references, most specific first (e-mail `References`, a plus-address token). */
  references?: string[];
  /** The conversation (chat, phone, mailbox thread); null: only references thread this message. */
  threadKey: string | null;
  /** ISO 8601 with offset: when the provider says the customer sent it. */
  receivedAt: string;
  action?: InboundAction;
  /** Anything of the raw event the adapter wants back when processing (kept sealed). */
  raw?: unknown;
}

/** A message as the worker hands it back: the stored row's id and state added. */
export interface StoredInboundMessage extends InboundMessage {
  id: string;
  attempts: number;
}

/** What the intake did with a content message. */
export interface IntakeResult {
  applicationId: string;
  /** The human number (`З-2026-000123`): the only identifier a customer or staff member sees. */
  applicationNumber: string;
  created: boolean;
}

export interface ConversationView {
  applicationId: string | null;
  lastMessageAt: Date | null;
  /** The customer's previous message (before this one): WhatsApp's 24-hour window runs from it. */
  lastCustomerMessageAt: Date | null;
  consentGivenAt: Date | null;
  consentTextVersion: string | null;
}

/** The outcome of processing one stored message. */
export type InboundOutcome =
  | { kind: 'done'; applicationId?: string | null; clientId?: string | null }
  /** Kept sealed, not an application yet (no consent): released on consent, destroyed on refusal or after 24 h. */
  | { kind: 'held'; threadKey: string }
  | { kind: 'ignored' };

export interface FetchedAttachment {
  stream: Readable;
  fileName: string;
}

/**
 * A channel adapter. Only `channel` is required; every hook has a sensible default. Hooks run
 * inside the worker's transaction (use the UnitOfWork; queue network sends, do not make them).
 */
export interface InboundChannelAdapter {
  readonly channel: InboundChannel;
  /** The application's `source` (default: the channel). */
  readonly applicationSource?: 'telegram' | 'whatsapp' | 'email' | 'web' | 'manual';
  /** Messages of one `threadKey` within this window join the open application (default 30 min; 0: never). */
  readonly conversationWindowMs?: number;
  /** True: content before consent is held and `askConsent` runs (messengers). Default false. */
  readonly requiresConsent?: boolean;

  /** Handles the message entirely (own dialogue); the default is `intake.handle(message, this)`. */
  process?(message: StoredInboundMessage): Promise<InboundOutcome>;
  /** Finds the application a message belongs to before the generic lookup (e.g. a plus-address token). */
  resolveThread?(message: StoredInboundMessage): Promise<string | null>;
  /** Whether the message may create or join an application at all (auto-replies, bounces: false). */
  accepts?(message: StoredInboundMessage): boolean;
  /** Queues the consent question (first held message of a conversation). */
  askConsent?(message: StoredInboundMessage): Promise<void>;
  /** After a consent answer was recorded (and held messages released or destroyed). */
  consentAnswered?(message: StoredInboundMessage, given: boolean): Promise<void>;
  /** After the application was created or appended: e.g. queue a reply with the number. */
  acknowledge?(
    message: StoredInboundMessage,
    result: IntakeResult,
    conversation: ConversationView,
  ): Promise<void>;
  /** Streams an attachment's bytes from the provider (retried by the attachment worker). */
  fetchAttachment?(message: StoredInboundMessage, attachment: InboundAttachment): Promise<FetchedAttachment>;
}

/** Raised by `fetchAttachment` when retrying cannot help (the file is gone or refused). */
export class PermanentAttachmentError extends Error {}

/** Messages of one thread within this window join the same open application, by default. */
export const DEFAULT_CONVERSATION_WINDOW_MS = 30 * 60 * 1000;
/** Held messages (no consent yet) are destroyed after this long. */
export const CONSENT_HOLD_MS = 24 * 60 * 60 * 1000;
