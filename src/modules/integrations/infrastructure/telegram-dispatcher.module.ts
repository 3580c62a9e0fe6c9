import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getBotToken, InjectBot, TELEGRAF_ALL_BOTS, TelegrafModule } from 'nestjs-telegraf';
import type { Telegraf } from 'telegraf';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { TelegramUpdateTranslator } from './telegram-update-translator';

/** nestjs-telegraf's name of the bot that owns the shared handler chain. */
export const TELEGRAM_DISPATCHER = 'telegramDispatcher';

/**
 * A syntactically valid token that is never used: the dispatcher is never launched and
 * never calls Telegram; run-time bots handle updates with their own token and `ctx.telegram`.
 */
const DISPATCHER_TOKEN = '1:never-launched-dispatcher-placeholder';

/**
 * Telegraf 4.16 throws "Bot is not running!" from `stop()` for a bot that was never launched,
 * and nestjs-telegraf's core module stops its bot on application shutdown: the dispatcher's stop
 * does nothing unless it runs (it never does; `launchOptions: false`).
 */
function stopOnlyWhenRunning(bot: Telegraf): void {
  const stop = bot.stop.bind(bot);
  const state = bot as unknown as { polling?: unknown; webhookServer?: unknown };
  bot.stop = (reason?: string) => {
    if (state.polling === undefined && state.webhookServer === undefined) return;
    stop(reason);
  };
}

/** The small module nestjs-telegraf explores (`include`) for the shared `@Update()` handlers. */
@Module({ providers: [TelegramUpdateTranslator], exports: [TelegramUpdateTranslator] })
export class TelegramUpdatesModule implements OnApplicationShutdown {
  constructor(
    @InjectBot(TELEGRAM_DISPATCHER) private readonly dispatcher: Telegraf,
    @Inject(TELEGRAF_ALL_BOTS) private readonly allBots: Map<string, Telegraf>,
  ) {
    stopOnlyWhenRunning(dispatcher);
  }

  /** nestjs-telegraf keeps every bot in a process-wide map: drop this app's dispatcher from it. */
  onApplicationShutdown(): void {
    const name = getBotToken(TELEGRAM_DISPATCHER);
    if (this.allBots.get(name) === this.dispatcher) this.allBots.delete(name);
  }
}

/**
 * The never-launched "dispatcher" bot, one per application: nestjs-telegraf registers the
 * `@Update()` handlers of {@link TelegramUpdatesModule} on it, and every run-time bot (token from
 * the database) runs its middleware, so all bots share the same handlers.
 */
export const TelegramDispatcherModule = TelegrafModule.forRootAsync({
  botName: TELEGRAM_DISPATCHER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({
    token: DISPATCHER_TOKEN,
    launchOptions: false,
    include: [TelegramUpdatesModule],
    options: { telegram: { apiRoot: config.telegramApiRoot, webhookReply: false } },
  }),
});
