import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import type { Actor } from '../../../../shared/domain/actor';
import { DomainError } from '../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { GetActiveConsentTextQuery } from '../../../privacy/application/queries/get-active-consent-text/get-active-consent-text.query';
import { TelegramConsentGiven, TelegramConsentWithdrawn } from '../../domain/telegram-consent.events';
import { AttachApplicationFileCommand } from '../../../applications/application/commands/attach-application-file/attach-application-file.command';
import { AppendToApplicationCommand } from '../../../applications/application/commands/append-to-application/append-to-application.command';
import { CreateApplicationCommand } from '../../../applications/application/commands/create-application/create-application.command';
import {
  BOT_GATEWAY,
  type BotGateway,
  type BotMessage,
  type IncomingUpdate,
} from '../ports/bot-gateway.port';
import type { InboundOutcome } from '../inbound/inbound-message.port';
import { InboundMessageStore } from '../ports/inbound-message.store.port';
import type { BotRef } from './bot-ref';
import { type TelegramChat, TelegramStore } from '../ports/telegram-store.port';

/** The inbound port's thread key of a Telegram chat. */
export const telegramThreadKey = (chatId: number): string => `chat:${chatId}`;

/** Messages of one chat within this window join the same open application. */
export const CONVERSATION_WINDOW_MS = 30 * 60 * 1000;
/** Largest file taken from a chat (the Bot API's own getFile limit is 20 MB). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const SALES_TEXTS = {
  consent:
    'Здравствуйте! Чтобы принять вашу заявку, нам нужно ваше согласие на обработку персональных данных ' +
    '(152-ФЗ): имя, телефон и текст обращения используются только для подбора тура.',
  consentThanks: 'Спасибо! Напишите, куда и когда хотите поехать, или поделитесь контактом.',
  consentRefused:
    'Без согласия на обработку данных мы не можем принять заявку. Нажмите /start, если передумаете.',
  consentQuestion: 'Вы согласны на обработку персональных данных?',
  stopped:
    'Вы отозвали согласие на обработку персональных данных. Мы больше не будем писать вам и обрабатывать ' +
    'ваши сообщения; данные будут уничтожены, если закон не требует их хранить. Нажмите /start, чтобы начать снова.',
  accepted: (number: string) => `Заявка № ${number} принята. Менеджер свяжется с вами.`,
  fileFailed: 'Не удалось получить файл, попробуйте отправить его ещё раз.',
  fileRefused: (why: string) => `Файл не принят: ${why}`,
} as const;

/**
 * The sales bot: /start asks for consent (buttons; recorded with the consent text's version);
 * then texts, shared contacts, photos and documents become an application (source telegram) or
 * join the chat's open one within {@link CONVERSATION_WINDOW_MS}; the reply carries its number.
 */
@Injectable()
export class SalesBot {
  private readonly logger = new Logger('SalesBot');

  constructor(
    private readonly store: TelegramStore,
    private readonly commands: CommandBus,
    private readonly inbound: InboundMessageStore,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(
    bot: BotRef,
    u: Exclude<IncomingUpdate, { kind: 'other' }>,
    actor: Actor,
  ): Promise<InboundOutcome | void> {
    const threadKey = telegramThreadKey(u.chatId);
    const chat = await this.store.chat(bot.id, u.chatId, u.userId);
    const reply = (m: BotMessage, key?: string) => this.store.enqueue(bot.id, u.chatId, m, key);
    // the consent text shown is the privacy register's active one (its version is what is recorded)
    const active = await this.queries.execute(new GetActiveConsentTextQuery('intake'));
    const askConsent = () =>
      this.store.enqueue(
        bot.id,
        u.chatId,
        {
          text: active ? `${active.body}\n\n${SALES_TEXTS.consentQuestion}` : SALES_TEXTS.consent,
          buttons: [
            [{ text: 'Согласен', data: 'consent:yes' }],
            [{ text: 'Не согласен', data: 'consent:no' }],
          ],
        },
        undefined,
        { evenIfStopped: true },
      );

    if (u.kind === 'start') return askConsent();
    if (u.kind === 'text' && /^\/stop(@\w+)?$/i.test(u.text.trim())) {
      const now = new Date();
      await this.store.stop(chat, now);
      await this.outbox.append(
        [
          new TelegramConsentWithdrawn({
            integrationId: bot.id,
            chatId: u.chatId,
            applicationId: chat.applicationId,
          }),
        ],
        actor,
      );
      return this.store.enqueue(bot.id, u.chatId, { text: SALES_TEXTS.stopped }, undefined, {
        evenIfStopped: true,
      });
    }
    if (u.kind === 'callback') {
      await this.gateway.answerCallback(bot.token, u.callbackId).catch(() => undefined);
      if (u.data === 'consent:yes') {
        const now = new Date();
        const version = active?.version ?? this.config.intake.consentTextVersion;
        if (chat.stoppedAt !== null) await this.store.resume(chat);
        await this.store.recordConsent(chat, version, now);
        await this.outbox.append(
          [
            new TelegramConsentGiven({
              integrationId: bot.id,
              chatId: u.chatId,
              textVersion: version,
              givenAt: now.toISOString(),
            }),
          ],
          actor,
        );
        await reply({ text: SALES_TEXTS.consentThanks, requestContact: true });
        // what the chat wrote before consenting becomes the application now
        await this.inbound.releaseHeld(bot.id, threadKey);
        return;
      }
      if (u.data === 'consent:no') {
        await this.inbound.destroyHeld(bot.id, threadKey);
        return reply({ text: SALES_TEXTS.consentRefused });
      }
      return;
    }
    // consent withdrawn: processing for this purpose stopped — nothing is taken, nothing answered
    if (chat.stoppedAt !== null) return;
    if (chat.consentGivenAt === null) {
      // kept sealed, not an application yet: released on consent, destroyed on refusal or after 24 h
      await askConsent();
      return { kind: 'held', threadKey };
    }

    let message: { text?: string | null; contact?: { name: string | null; phone: string } };
    let file: { bytes: Buffer; fileName: string } | null = null;
    if (u.kind === 'text') message = { text: u.text };
    else if (u.kind === 'contact') {
      const contact = { name: u.name, phone: u.phone };
      await this.store.saveContact(chat, contact);
      chat.contact = contact;
      message = { contact };
    } else {
      try {
        file = {
          bytes: await this.gateway.download(bot.token, u.fileId, MAX_FILE_BYTES),
          fileName: u.fileName,
        };
      } catch (err) {
        this.logger.warn(`file of update in chat ${u.chatId} not downloaded: ${(err as Error).message}`);
        return reply({ text: SALES_TEXTS.fileFailed });
      }
      message = { text: u.caption };
    }
    const { id: applicationId, number } = await this.toApplication(
      bot,
      chat,
      u,
      message,
      file?.fileName ?? null,
      actor,
    );
    if (file) {
      try {
        // the applications module sniffs the type, enforces the size and stores the bytes
        await this.commands.execute(
          new AttachApplicationFileCommand(
            applicationId,
            { stream: Readable.from([file.bytes]), fileName: file.fileName },
            actor,
          ),
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return reply({ text: SALES_TEXTS.fileRefused(err.message) });
      }
    }
    await reply({ text: SALES_TEXTS.accepted(number), applicationId });
  }

  private async toApplication(
    bot: BotRef,
    chat: TelegramChat,
    u: Exclude<IncomingUpdate, { kind: 'other' | 'start' | 'callback' }>,
    message: {
      text?: string | null;
      contact?: { name: string | null; phone: string };
    },
    fileName: string | null,
    actor: Actor,
  ): Promise<{ id: string; number: string }> {
    const now = new Date();
    if (
      chat.applicationId !== null &&
      chat.lastMessageAt !== null &&
      now.getTime() - chat.lastMessageAt.getTime() < CONVERSATION_WINDOW_MS
    ) {
      const r = await this.commands.execute(
        new AppendToApplicationCommand(chat.applicationId, message, actor),
      );
      if (r.appended) {
        await this.store.setConversation(chat, chat.applicationId, now);
        return { id: chat.applicationId, number: r.number };
      }
    }
    const username = u.username && /^[A-Za-z0-9_]{3,64}$/.test(u.username) ? `@${u.username}` : null;
    const contact = {
      name: chat.contact?.name ?? u.firstName ?? null,
      phone: chat.contact?.phone ?? null,
      telegram: username,
    };
    const fallbackText = message.text || (fileName ? `Файл из Telegram: ${fileName}` : null);
    const { id, number } = await this.commands.execute(
      new CreateApplicationCommand(
        {
          source: 'telegram',
          text: fallbackText,
          contact,
          payload: {
            telegram: {
              integrationId: bot.id,
              botName: bot.botName,
              chatId: u.chatId,
              userId: u.userId,
              username: u.username,
            },
          },
          consent: {
            givenAt: (chat.consentGivenAt ?? now).toISOString(),
            channel: 'telegram',
            textVersion: chat.consentTextVersion ?? this.config.intake.consentTextVersion,
          },
        },
        actor,
      ),
    );
    await this.store.setConversation(chat, id, now);
    return { id, number };
  }
}
