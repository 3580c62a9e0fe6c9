export const BOT_GATEWAY = Symbol('BOT_GATEWAY');

export interface BotIdentity {
  id: number;
  username: string;
}

/** An inline button: its label and the callback data sent back when pressed (≤ 64 bytes). */
export interface BotButton {
  text: string;
  data: string;
}

export interface BotMessage {
  text: string;
  /** Inline keyboard rows. */
  buttons?: BotButton[][];
  /** Shows the "share my phone number" keyboard button. */
  requestContact?: boolean;
  /** The application this message is about: the provider's id of the sent message becomes a reference to it. */
  applicationId?: string;
}

interface From {
  chatId: number;
  userId: number | null;
  username: string | null;
  firstName: string | null;
}

/** A Telegram update as the application layer sees it (the adapter translates the Bot API shape). */
export type IncomingUpdate =
  | (From & { kind: 'start'; payload: string | null })
  | (From & { kind: 'text'; text: string })
  | (From & { kind: 'contact'; phone: string; name: string | null })
  | (From & {
      kind: 'file';
      fileId: string;
      fileName: string;
      contentType: string;
      size: number | null;
      caption: string | null;
    })
  | (From & { kind: 'callback'; callbackId: string; data: string })
  | { kind: 'other' };

/**
 * A Bot API failure: `code` is Telegram's error_code (401 revoked token, 429 flood control with
 * `retryAfterSeconds`) or 0 when the API was not reached. The message never contains the token.
 */
export class BotApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'BotApiError';
  }

  get tokenRejected(): boolean {
    return this.code === 401 || this.code === 404;
  }
}

/**
 * The Telegram Bot API behind a port (the application layer never imports telegraf). Bots are
 * registered at run time from tokens kept in the database; every bot shares one set of update
 * handlers that translate updates into {@link IncomingUpdate}s.
 */
export interface BotGateway {
  /**
   * Checks the token (`getMe`), points the webhook at `url` with `secret` — or, with no webhook
   * (polling mode), removes any webhook so `getUpdates` works — and registers the bot.
   */
  connect(
    integrationId: string,
    token: string,
    webhook: { url: string; secret: string } | null,
  ): Promise<BotIdentity>;
  /** `getUpdates` from `offset` (polling mode). */
  fetchUpdates(token: string, offset: number): Promise<Array<Record<string, unknown>>>;
  /** Removes the webhook (`deleteWebhook`) and forgets the bot. */
  disconnect(integrationId: string, token: string): Promise<void>;
  /** Forgets the bot without calling the API (its token was refused). */
  forget(integrationId: string): void;
  /** Runs an update through the shared handlers (`bot.handleUpdate`). */
  translate(integrationId: string, token: string, update: Record<string, unknown>): Promise<IncomingUpdate>;
  send(token: string, chatId: number, message: BotMessage): Promise<void>;
  answerCallback(token: string, callbackId: string, text?: string): Promise<void>;
  /** `getFile` then the download; refuses files larger than `maxBytes`. */
  download(token: string, fileId: string, maxBytes: number): Promise<Buffer>;
}
