import { Inject, Injectable } from '@nestjs/common';
import { Composer, type Context, Telegraf, Telegram, TelegramError } from 'telegraf';
import { callbackQuery, message } from 'telegraf/filters';
import type { Update } from 'telegraf/types';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import {
  BotApiError,
  type BotGateway,
  type BotIdentity,
  type BotMessage,
  type IncomingUpdate,
} from '../application/ports/bot-gateway.port';
import { scrubToken } from '../application/services/integration-secrets';

/** Where the shared handlers leave their translation of the update being handled. */
const translated = new WeakMap<object, IncomingUpdate>();

function from(ctx: Context) {
  return {
    chatId: ctx.chat?.id ?? ctx.from?.id ?? 0,
    userId: ctx.from?.id ?? null,
    username: ctx.from?.username ?? null,
    firstName: ctx.from?.first_name ?? null,
  };
}

/**
 * The update handlers every bot shares (sales, operators, suppliers alike): they only translate
 * an update into an {@link IncomingUpdate}; what to do with it is the application layer's business.
 */
function sharedHandlers(): Composer<Context> {
  const c = new Composer<Context>();
  c.start((ctx) => {
    translated.set(ctx.update, { kind: 'start', ...from(ctx), payload: ctx.payload?.trim() || null });
  });
  c.on(message('text'), (ctx) => {
    translated.set(ctx.update, { kind: 'text', ...from(ctx), text: ctx.message.text });
  });
  c.on(message('contact'), (ctx) => {
    const ct = ctx.message.contact;
    const name = [ct.first_name, ct.last_name].filter(Boolean).join(' ') || null;
    translated.set(ctx.update, { kind: 'contact', ...from(ctx), phone: ct.phone_number, name });
  });
  c.on(message('document'), (ctx) => {
    const d = ctx.message.document;
    translated.set(ctx.update, {
      kind: 'file',
      ...from(ctx),
      fileId: d.file_id,
      fileName: d.file_name ?? 'document',
      contentType: d.mime_type ?? 'application/octet-stream',
      size: d.file_size ?? null,
      caption: ctx.message.caption ?? null,
    });
  });
  c.on(message('photo'), (ctx) => {
    // the largest size Telegram offers is the last one
    const p = ctx.message.photo[ctx.message.photo.length - 1];
    translated.set(ctx.update, {
      kind: 'file',
      ...from(ctx),
      fileId: p.file_id,
      fileName: `photo-${p.file_unique_id}.jpg`,
      contentType: 'image/jpeg',
      size: p.file_size ?? null,
      caption: ctx.message.caption ?? null,
    });
  });
  c.on(callbackQuery('data'), (ctx) => {
    translated.set(ctx.update, {
      kind: 'callback',
      ...from(ctx),
      callbackId: ctx.callbackQuery.id,
      data: ctx.callbackQuery.data,
    });
  });
  return c;
}

/**
 * Telegraf behind the {@link BotGateway} port. Bots come from the database at run time, so
 * nestjs-telegraf (which registers bots at boot from static options) does not fit: each active
 * integration gets a `Telegraf` instance here, created on demand with `webhookReply: false`
 * against `TELEGRAM_API_ROOT`, and fed with `handleUpdate()` — never `launch()`.
 */
@Injectable()
export class TelegrafBotGateway implements BotGateway {
  private readonly handlers = sharedHandlers();
  private readonly bots = new Map<string, { token: string; bot: Telegraf }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private telegram(token: string): Telegram {
    return new Telegram(token, { apiRoot: this.config.telegramApiRoot, webhookReply: false });
  }

  private bot(integrationId: string, token: string, botInfo?: BotIdentity): Telegraf {
    const known = this.bots.get(integrationId);
    if (known && known.token === token) return known.bot;
    const bot = new Telegraf(token, {
      telegram: { apiRoot: this.config.telegramApiRoot, webhookReply: false },
    });
    if (botInfo) {
      bot.botInfo = {
        id: botInfo.id,
        is_bot: true,
        first_name: botInfo.username,
        username: botInfo.username,
        can_join_groups: false,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      };
    }
    bot.use(this.handlers);
    bot.catch((err) => {
      throw err;
    });
    this.bots.set(integrationId, { token, bot });
    return bot;
  }

  private async call<T>(token: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof TelegramError) {
        throw new BotApiError(
          err.code,
          scrubToken(`${err.code} ${err.description}`, token),
          err.parameters?.retry_after ?? null,
        );
      }
      if (err instanceof BotApiError) throw err;
      throw new BotApiError(0, scrubToken(`Telegram API unreachable: ${(err as Error).message}`, token));
    }
  }

  async connect(
    integrationId: string,
    token: string,
    webhook: { url: string; secret: string } | null,
  ): Promise<BotIdentity> {
    const tg = this.telegram(token);
    const me = await this.call(token, () => tg.getMe());
    if (webhook === null) await this.call(token, () => tg.deleteWebhook());
    else {
      await this.call(token, () =>
        tg.setWebhook(webhook.url, {
          secret_token: webhook.secret,
          allowed_updates: ['message', 'callback_query'],
          drop_pending_updates: false,
        }),
      );
    }
    const identity = { id: me.id, username: me.username };
    this.bots.delete(integrationId);
    this.bot(integrationId, token, identity);
    return identity;
  }

  async disconnect(integrationId: string, token: string): Promise<void> {
    this.bots.delete(integrationId);
    await this.call(token, () => this.telegram(token).deleteWebhook());
  }

  forget(integrationId: string): void {
    this.bots.delete(integrationId);
  }

  async translate(
    integrationId: string,
    token: string,
    update: Record<string, unknown>,
  ): Promise<IncomingUpdate> {
    const bot = this.bot(integrationId, token);
    await this.call(token, () => bot.handleUpdate(update as unknown as Update));
    return translated.get(update) ?? { kind: 'other' };
  }

  async fetchUpdates(token: string, offset: number): Promise<Array<Record<string, unknown>>> {
    const updates = await this.call(token, () =>
      this.telegram(token).getUpdates(0, 100, offset, ['message', 'callback_query']),
    );
    return updates as unknown as Array<Record<string, unknown>>;
  }

  async send(token: string, chatId: number, m: BotMessage): Promise<void> {
    const reply_markup = m.buttons
      ? { inline_keyboard: m.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) }
      : m.requestContact
        ? {
            keyboard: [[{ text: 'Поделиться контактом', request_contact: true }]],
            resize_keyboard: true,
            one_time_keyboard: true,
          }
        : undefined;
    await this.call(token, () => this.telegram(token).sendMessage(chatId, m.text, { reply_markup }));
  }

  async answerCallback(token: string, callbackId: string, text?: string): Promise<void> {
    await this.call(token, () => this.telegram(token).answerCbQuery(callbackId, text));
  }

  async download(token: string, fileId: string, maxBytes: number): Promise<Buffer> {
    const tg = this.telegram(token);
    const file = await this.call(token, () => tg.getFile(fileId));
    if (!file.file_path) throw new BotApiError(400, 'the file is not available for download');
    if (file.file_size !== undefined && file.file_size > maxBytes)
      throw new BotApiError(400, `the file is larger than ${maxBytes} bytes`);
    const url = `${this.config.telegramApiRoot}/file/bot${token}/${file.file_path}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    } catch (err) {
      throw new BotApiError(0, scrubToken(`file download failed: ${(err as Error).message}`, token));
    }
    if (!res.ok) throw new BotApiError(res.status, `file download failed with HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > maxBytes) throw new BotApiError(400, `the file is larger than ${maxBytes} bytes`);
    return bytes;
  }
}
