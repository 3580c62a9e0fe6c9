import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, UseFilters } from '@nestjs/common';
import { Ctx, On, Start, Update } from 'nestjs-telegraf';
// type-only: the `@Ctx()` parameters carry `Object` as design type, nothing for a global pipe to act on
import type { Context, NarrowedContext } from 'telegraf';
import type { CallbackQuery, Message, Update as TgUpdate } from 'telegraf/types';
import { Public } from '../../../shared/auth/decorators';
import type { IncomingUpdate } from '../application/ports/bot-gateway.port';

type MessageCtx<M extends Message> = NarrowedContext<Context, TgUpdate.MessageUpdate<M>>;
type CallbackCtx = NarrowedContext<Context, TgUpdate.CallbackQueryUpdate>;

/**
 * An error in a handler goes back to the Telegraf bot that runs it (and from there to the gateway),
 * not to the HTTP problem+json filter, which expects an HTTP response.
 */
@Catch()
export class RethrowToTelegraf implements ExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): never {
    throw exception;
  }
}

function from(ctx: Context) {
  return {
    chatId: ctx.chat?.id ?? ctx.from?.id ?? 0,
    userId: ctx.from?.id ?? null,
    username: ctx.from?.username ?? null,
    firstName: ctx.from?.first_name ?? null,
  };
}

/**
 * The update handlers every bot shares (sales, operators, suppliers alike), declared for
 * nestjs-telegraf and registered on the never-launched dispatcher bot: they only translate an
 * update into an {@link IncomingUpdate} (read back with {@link translationOf}); what to do with it
 * is the application layer's business. Listeners run in declaration order and none calls `next`,
 * so `/start` is a start, not a text. `@Public()`: these are no HTTP routes, the global auth guards
 * (which Nest applies to every external context) have nothing to check here.
 */
@Public()
@Update()
@UseFilters(RethrowToTelegraf)
@Injectable()
export class TelegramUpdateTranslator {
  private readonly translated = new WeakMap<object, IncomingUpdate>();

  /** The translation the handlers left for `update` (the object given to `handleUpdate`). */
  translationOf(update: object): IncomingUpdate {
    return this.translated.get(update) ?? { kind: 'other' };
  }

  @Start()
  start(@Ctx() ctx: Context & { payload?: string }): void {
    this.translated.set(ctx.update, { kind: 'start', ...from(ctx), payload: ctx.payload?.trim() || null });
  }

  @On('text')
  text(@Ctx() ctx: MessageCtx<Message.TextMessage>): void {
    this.translated.set(ctx.update, { kind: 'text', ...from(ctx), text: ctx.message.text });
  }

  @On('contact')
  contact(@Ctx() ctx: MessageCtx<Message.ContactMessage>): void {
    const ct = ctx.message.contact;
    const name = [ct.first_name, ct.last_name].filter(Boolean).join(' ') || null;
    this.translated.set(ctx.update, { kind: 'contact', ...from(ctx), phone: ct.phone_number, name });
  }

  @On('document')
  document(@Ctx() ctx: MessageCtx<Message.DocumentMessage>): void {
    const d = ctx.message.document;
    this.translated.set(ctx.update, {
      kind: 'file',
      ...from(ctx),
      fileId: d.file_id,
      fileName: d.file_name ?? 'document',
      contentType: d.mime_type ?? 'application/octet-stream',
      size: d.file_size ?? null,
      caption: ctx.message.caption ?? null,
    });
  }

  @On('photo')
  photo(@Ctx() ctx: MessageCtx<Message.PhotoMessage>): void {
    // the largest size Telegram offers is the last one
    const p = ctx.message.photo[ctx.message.photo.length - 1];
    this.translated.set(ctx.update, {
      kind: 'file',
      ...from(ctx),
      fileId: p.file_id,
      fileName: `photo-${p.file_unique_id}.jpg`,
      contentType: 'image/jpeg',
      size: p.file_size ?? null,
      caption: ctx.message.caption ?? null,
    });
  }

  @On('callback_query')
  callback(@Ctx() ctx: CallbackCtx): void {
    const q = ctx.callbackQuery;
    // only data callbacks (inline buttons) mean something here; game callbacks stay 'other'
    if (!('data' in q)) return;
    this.translated.set(ctx.update, {
      kind: 'callback',
      ...from(ctx),
      callbackId: q.id,
      data: (q as CallbackQuery.DataQuery).data,
    });
  }
}
