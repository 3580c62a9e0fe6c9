import type { ConversationView, InboundMessage, StoredInboundMessage } from '../inbound/inbound-message.port';

export const inboundAad = (id: string): string => `inbound-message:${id}`;

/** Longest provider message id / reference kept (Message-IDs can be long; wamids are ~60). */
export const MAX_PROVIDER_ID = 998;

/**
 * The port to the tables of the inbound port, in the caller's transaction: the sealed messages,
 * the conversations (by a blind index of the thread key), the references and the attachment jobs.
 * Adapters call {@link receive} inside their webhook's or poller's transaction. Implemented by
 * `infrastructure/sql-inbound-message.store.ts`.
 */
export abstract class InboundMessageStore {
  /**
   * Stores a message once per (integration, provider message id), sealed; `stored: false` for a
   * redelivery. Run it in the adapter's transaction; the worker is nudged after commit.
   */
  abstract receive(message: InboundMessage): Promise<{ stored: boolean; id: string | null }>;
  /**
   * Stores several messages in ONE statement (a webhook delivery's batch), each sealed and kept
   * once per (integration, provider message id); returns how many were new. Atomic on its own,
   * so a webhook needs no transaction around it; the worker is nudged after commit.
   */
  abstract receiveMany(messages: readonly InboundMessage[]): Promise<number>;
  /** A stored message, opened. */
  abstract load(id: string): Promise<StoredInboundMessage | null>;
  /** The blind index a thread key is kept under (never the key itself: it is a phone or an address). */
  abstract threadHash(integrationId: string, threadKey: string): string;
  /** The conversation of a thread, created on first contact and locked for the transaction. */
  abstract conversation(integrationId: string, channel: string, threadKey: string): Promise<ConversationView>;
  /** Read-only look at a conversation (outgoing replies check WhatsApp's 24-hour window with it). */
  abstract peekConversation(integrationId: string, threadKey: string): Promise<ConversationView | null>;
  /** The customer wrote at `at` (kept even while the message is held: the reply window runs from it). */
  abstract touchCustomer(integrationId: string, threadKey: string, at: Date): Promise<void>;
  abstract setConversation(
    integrationId: string,
    threadKey: string,
    applicationId: string,
    clientId: string | null,
    at: Date,
  ): Promise<void>;
  abstract recordConsent(
    integrationId: string,
    threadKey: string,
    textVersion: string,
    at: Date,
  ): Promise<void>;
  /** Marks that the consent question went out; true the first time (ask once per conversation and day). */
  abstract markConsentAsked(integrationId: string, threadKey: string): Promise<boolean>;
  /** Keeps a message sealed without processing it until consent (at most {@link CONSENT_HOLD_MS}). */
  abstract hold(id: string, integrationId: string, threadKey: string): Promise<void>;
  /** Consent given: the thread's held messages go back to the worker, oldest first. */
  abstract releaseHeld(integrationId: string, threadKey: string): Promise<number>;
  /** Consent refused: the thread's held messages are destroyed. */
  abstract destroyHeld(integrationId: string, threadKey: string): Promise<number>;
  /** Held messages whose 24 hours are over are destroyed; returns how many. */
  abstract destroyExpiredHolds(): Promise<number>;
  /** Records that `reference` (a provider message id of either direction) belongs to an application. */
  abstract addReference(integrationId: string, reference: string, applicationId: string): Promise<void>;
  /** The application of the first reference known for the integration, in the order given. */
  abstract findByReferences(integrationId: string, references: string[]): Promise<string | null>;
  /** The message became (part of) an application. */
  abstract markDone(id: string, applicationId: string | null, clientId: string | null): Promise<void>;
  /** One fetch job per attachment of the message. */
  abstract queueAttachments(messageId: string, count: number, applicationId: string): Promise<void>;
}
