import { FastifyAdapter } from '@nestjs/platform-fastify';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getBotToken, TELEGRAF_ALL_BOTS } from 'nestjs-telegraf';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { AppConfig } from '../../../config/app-config';
import { ConfigModule } from '../../../config/config.module';
import { ProblemDetailsFilter } from '../../../shared/errors/problem-details.filter';
import { createValidationPipe } from '../../../shared/errors/validation';
import {
  TELEGRAM_DISPATCHER,
  TelegramDispatcherModule,
  TelegramUpdatesModule,
} from './telegram-dispatcher.module';
import { TelegramUpdateTranslator } from './telegram-update-translator';

const config = { telegramApiRoot: 'http://127.0.0.1:9' } as AppConfig;
const botInfo = {
  id: 42,
  is_bot: true as const,
  first_name: 'sales',
  username: 'sales_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};
const chat = { id: 7, type: 'private' as const, first_name: 'Ann' };
const user = { id: 7, is_bot: false, first_name: 'Ann', username: 'ann' };
const msg = (extra: Record<string, unknown>) => ({
  update_id: 1,
  message: { message_id: 1, date: 0, chat, from: user, ...extra },
});

@Module({ imports: [ConfigModule.forRoot(config), TelegramDispatcherModule, TelegramUpdatesModule] })
class Root {}

/** Boots like bootstrap.ts does as far as handlers are concerned: global pipe and HTTP filter. */
async function boot(): Promise<INestApplication> {
  const app = await NestFactory.create(Root, new FastifyAdapter(), { logger: false, abortOnError: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.init();
  return app;
}

/** A run-time bot as the gateway makes it: own token, the dispatcher's handlers. */
function runTimeBot(app: INestApplication, token: string, seen: string[] = []) {
  const dispatcher = app.get<Telegraf>(getBotToken(TELEGRAM_DISPATCHER));
  const bot = new Telegraf(token, { telegram: { apiRoot: config.telegramApiRoot, webhookReply: false } });
  bot.botInfo = botInfo;
  bot.use((ctx, next) => {
    seen.push((ctx.telegram as unknown as { token: string }).token);
    return next();
  });
  bot.use((ctx, next) => dispatcher.middleware()(ctx, next));
  bot.catch((err) => {
    throw err;
  });
  const translator = app.get(TelegramUpdateTranslator);
  return async (update: Record<string, unknown>) => {
    await bot.handleUpdate(update as unknown as Update);
    return translator.translationOf(update);
  };
}

describe('telegram dispatcher (nestjs-telegraf @Update handlers shared by run-time bots)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await boot();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('translates every kind of update when a run-time bot runs the dispatcher middleware', async () => {
    const seen: string[] = [];
    const handle = runTimeBot(app, '100:sales-token', seen);
    const who = { chatId: 7, userId: 7, username: 'ann', firstName: 'Ann' };
    expect(
      await handle(msg({ text: '/start  abc ', entities: [{ type: 'bot_command', offset: 0, length: 6 }] })),
    ).toEqual({
      kind: 'start',
      ...who,
      payload: 'abc',
    });
    expect(await handle(msg({ text: 'hello' }))).toEqual({ kind: 'text', ...who, text: 'hello' });
    expect(
      await handle(msg({ contact: { phone_number: '+79990001122', first_name: 'Ann', last_name: 'Lee' } })),
    ).toEqual({
      kind: 'contact',
      ...who,
      phone: '+79990001122',
      name: 'Ann Lee',
    });
    expect(
      await handle(
        msg({
          document: {
            file_id: 'F1',
            file_unique_id: 'U1',
            file_name: 'a.pdf',
            mime_type: 'application/pdf',
            file_size: 3,
          },
          caption: 'visa',
        }),
      ),
    ).toEqual({
      kind: 'file',
      ...who,
      fileId: 'F1',
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 3,
      caption: 'visa',
    });
    expect(
      await handle(
        msg({
          photo: [
            { file_id: 'S', file_unique_id: 's', width: 1, height: 1 },
            { file_id: 'L', file_unique_id: 'l', width: 9, height: 9, file_size: 5 },
          ],
        }),
      ),
    ).toEqual({
      kind: 'file',
      ...who,
      fileId: 'L',
      fileName: 'photo-l.jpg',
      contentType: 'image/jpeg',
      size: 5,
      caption: null,
    });
    const cb = {
      update_id: 2,
      callback_query: {
        id: 'Q',
        from: user,
        chat_instance: 'x',
        message: { message_id: 1, date: 0, chat },
        data: 'take:1',
      },
    };
    expect(await handle(cb)).toEqual({ kind: 'callback', ...who, callbackId: 'Q', data: 'take:1' });
    const game = {
      update_id: 3,
      callback_query: { id: 'G', from: user, chat_instance: 'x', game_short_name: 'g' },
    };
    expect(await handle(game)).toEqual({ kind: 'other' });
    expect(await handle(msg({ sticker: { file_id: 'X' } }))).toEqual({ kind: 'other' });
    // the handlers ran with the run-time bot's own Telegram client, not the dispatcher's
    expect(new Set(seen)).toEqual(new Set(['100:sales-token']));
  });

  it('gives each application its own dispatcher and closes cleanly when two apps run in one process', async () => {
    const other = await boot();
    const mine = app.get<Telegraf>(getBotToken(TELEGRAM_DISPATCHER));
    const theirs = other.get<Telegraf>(getBotToken(TELEGRAM_DISPATCHER));
    expect(theirs).not.toBe(mine);
    const allBots = other.get<Map<string, Telegraf>>(TELEGRAF_ALL_BOTS);
    expect(allBots.get(getBotToken(TELEGRAM_DISPATCHER))).toBe(theirs);

    // a never-launched bot's stop() would throw "Bot is not running!" from nestjs-telegraf's shutdown hook
    await expect(other.close()).resolves.toBeUndefined();
    expect(allBots.has(getBotToken(TELEGRAM_DISPATCHER))).toBe(false);

    // the remaining app keeps its handlers
    expect(await runTimeBot(app, '200:ops-token')(msg({ text: 'still here' }))).toMatchObject({
      kind: 'text',
      text: 'still here',
    });
  });
});
