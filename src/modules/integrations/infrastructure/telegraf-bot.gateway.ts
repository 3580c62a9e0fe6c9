import { Inject, Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf, Telegram, TelegramError } from 'telegraf';
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
import { TELEGRAM_DISPATCHER } from './telegram-dispatcher.module';
import { TelegramUpdateTranslator } from './telegram-update-translator';

/**
 * Telegraf behind the {@link BotGateway} port. Bots come from the database at run time, while
 * nestjs-telegraf registers bots at boot: it owns the never-launched dispatcher bot that carries
 * the shared `@Update()` handlers ({@link TelegramUpdateTranslator}), and each active integration
 * gets a `Telegraf` instance here, created on demand with its own token, `webhookReply: false`
 * against `TELEGRAM_API_ROOT`, running the dispatcher's middleware and fed with `handleUpdate()` —
 * never `launch()`.
 */
@Injectable()
export class TelegrafBotGateway implements BotGateway {
  private readonly bots = new Map<string, { token: string; bot: Telegraf }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectBot(TELEGRAM_DISPATCHER) private readonly dispatcher: Telegraf,
    private readonly translator: TelegramUpdateTranslator,
  ) {}

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
    // resolved per update: the handler chain is whatever nestjs-telegraf registered on the dispatcher
    bot.use((ctx, next) => this.dispatcher.middleware()(ctx, next));
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
    return this.translator.translationOf(update);
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
