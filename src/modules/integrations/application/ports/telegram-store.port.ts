import type { BotMessage } from './bot-gateway.port';

export interface TelegramChat {
  integrationId: string;
  chatId: number;
  consentGivenAt: Date | null;
  consentTextVersion: string | null;
  contact: { name: string | null; phone: string | null } | null;
  applicationId: string | null;
  lastMessageAt: Date | null;
  linkedUserId: string | null;
  supplier: string | null;
  pendingAction: string | null;
  /** Consent withdrawn (/stop or by staff): nothing more is sent to this chat, nothing taken from it. */
  stoppedAt: Date | null;
}

export const updateAad = (integrationId: string, updateId: number) =>
  `telegram-update:${integrationId}:${updateId}`;
export const outgoingAad = (id: string) => `telegram-outgoing:${id}`;

/** The window of the deadline notice job: tomorrow in the agency's time zone. */
export interface DeadlineJobWindow {
  from: Date;
  to: Date;
  /** Tomorrow as `DD.MM.YYYY`. */
  day: string;
}

/**
 * The port to the Telegram tables of this module (chats, the outgoing queue, the jobs), in the
 * caller's transaction. Contacts and message bodies are sealed (personal data). Implemented by
 * `infrastructure/sql-telegram.store.ts`.
 */
export abstract class TelegramStore {
  /**
   * Keeps an update once per (integration, update_id) through the inbound port (sealed in
   * `inbound_messages`, the update as `raw`); true when it was new.
   */
  abstract storeUpdate(integrationId: string, update: Record<string, unknown>): Promise<boolean>;
  /** The chat's row, created on first contact; locked for the rest of the transaction. */
  abstract chat(integrationId: string, chatId: number, userId: number | null): Promise<TelegramChat>;
  /** Consent withdrawn: the chat gets no more messages (queued ones are dropped) until it consents again. */
  abstract stop(chat: TelegramChat, at: Date): Promise<void>;
  /** Stops the given chats and those whose current application is one of `applicationIds`; how many. */
  abstract stopChats(
    target: { chats?: Array<[string, number]>; applicationIds?: string[] },
    at: Date,
  ): Promise<number>;
  abstract resume(chat: TelegramChat): Promise<void>;
  abstract recordConsent(chat: TelegramChat, textVersion: string, at: Date): Promise<void>;
  abstract saveContact(
    chat: TelegramChat,
    contact: { name: string | null; phone: string | null },
  ): Promise<void>;
  abstract setConversation(chat: TelegramChat, applicationId: string, at: Date): Promise<void>;
  abstract link(chat: TelegramChat, link: { userId?: string; supplier?: string }): Promise<void>;
  abstract setPendingAction(chat: TelegramChat, action: string | null): Promise<void>;
  /** Chats of active bots of a purpose linked to this user / this supplier. */
  abstract linkedChats(
    purpose: 'operators' | 'suppliers',
    who: { userIds?: string[] | 'all'; supplier?: string },
  ): Promise<Array<{ integrationId: string; chatId: number; userId: string | null }>>;
  /**
   * Queues a message (sent after commit by the outgoing worker). A `dedupeKey` makes a second
   * enqueue of the same notice a no-op, so a redelivered event never sends twice.
   */
  abstract enqueue(
    integrationId: string,
    chatId: number,
    message: BotMessage,
    dedupeKey?: string,
    options?: { evenIfStopped?: boolean },
  ): Promise<void>;
  /** The update kept in the legacy `telegram_updates` table (before the inbound port), opened; null when gone. */
  abstract storedUpdate(integrationId: string, updateId: number): Promise<Record<string, unknown> | null>;
  /**
   * Claims the job `name` when it is due (or `force`), skipping it when another replica holds it;
   * the window is tomorrow in `timeZone`. Null when not due or taken.
   */
  abstract claimDeadlineJob(
    name: string,
    timeZone: string,
    force: boolean,
  ): Promise<DeadlineJobWindow | null>;
  /** The claimed job ran: it is due again in an hour. */
  abstract rescheduleJob(name: string): Promise<void>;
}
