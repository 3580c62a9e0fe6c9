import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../../../../shared/domain/actor';
import { DomainError } from '../../../../shared/domain/domain-error';
import { ru, SERVICE_TYPE_LABELS } from '../../../../shared/domain/labels-ru';
import { UpdateApplicationCommand } from '../../../applications/application/commands/update-application/update-application.command';
import { GetApplicationQuery } from '../../../applications/application/queries/get-application/get-application.query';
import { SetServiceConfirmationCommand } from '../../../orders/application/commands/set-service-confirmation/set-service-confirmation.command';
import { QueryBus } from '@nestjs/cqrs';
import { BOT_GATEWAY, type BotGateway, type IncomingUpdate } from '../ports/bot-gateway.port';
import type { BotRef } from './bot-ref';
import { LinkCodes } from '../ports/link-codes.port';
import { TelegramStore } from '../ports/telegram-store.port';

export const STAFF_TEXTS = {
  askCode: 'Отправьте одноразовый код привязки (его выдаёт CRM).',
  badCode: 'Код не подошёл: он неверный, уже использован или истёк.',
  operatorLinked: 'Готово: этот чат привязан к вашей учётной записи. Сюда будут приходить уведомления.',
  supplierLinked: (s: string) => `Готово: этот чат привязан к поставщику «${s}».`,
  askReason: 'Напишите причину отказа одним сообщением.',
  confirmed: 'Спасибо, услуга подтверждена.',
  rejected: 'Отказ записан, менеджер получит уведомление.',
  notYours: 'Эта услуга недоступна.',
  taken: (id: string) => `Заявка ${id} закреплена за вами.`,
  notTaken: 'Не удалось взять заявку: она уже изменена или закрыта.',
  managerConfirmed: (n: string, type: string, s: string) =>
    `Заказ ${n}: поставщик ${s} подтвердил услугу (${ru(SERVICE_TYPE_LABELS, type, 'noun')}).`,
  managerRejected: (n: string, type: string, s: string, r: string) =>
    `Заказ ${n}: поставщик ${s} отклонил услугу (${ru(SERVICE_TYPE_LABELS, type, 'noun')}). Причина: ${r}`,
} as const;

/**
 * Operator and supplier bots. Both link a chat with a one-time code (`/start <code>` or the code
 * as a message). Operators press "take" under a new application; suppliers press Confirm / Reject
 * under a service notice (a rejection asks for the reason first); the order's manager is told.
 */
@Injectable()
export class StaffBots {
  constructor(
    private readonly store: TelegramStore,
    private readonly codes: LinkCodes,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
  ) {}

  async handle(
    purpose: 'operators' | 'suppliers',
    bot: BotRef,
    u: Exclude<IncomingUpdate, { kind: 'other' }>,
    actor: Actor,
  ): Promise<void> {
    const chat = await this.store.chat(bot.id, u.chatId, u.userId);
    const reply = (text: string) => this.store.enqueue(bot.id, u.chatId, { text });
    const linked = purpose === 'operators' ? chat.linkedUserId !== null : chat.supplier !== null;

    const code =
      u.kind === 'start' ? u.payload : u.kind === 'text' && !chat.pendingAction ? u.text.trim() : null;
    if (code !== null && (u.kind === 'start' || !linked)) {
      const target = await this.codes.redeem(purpose, code);
      if (!target) return reply(STAFF_TEXTS.badCode);
      await this.store.link(chat, {
        userId: target.userId ?? undefined,
        supplier: target.supplier ?? undefined,
      });
      return reply(
        purpose === 'operators'
          ? STAFF_TEXTS.operatorLinked
          : STAFF_TEXTS.supplierLinked(target.supplier ?? ''),
      );
    }
    if (!linked) return reply(STAFF_TEXTS.askCode);

    if (u.kind === 'callback') {
      await this.gateway.answerCallback(bot.token, u.callbackId).catch(() => undefined);
      const [verb, id] = u.data.split(':');
      if (purpose === 'operators' && verb === 'take' && id) return this.take(id, chat.linkedUserId!, reply);
      if (purpose === 'suppliers' && verb === 'confirm' && id)
        return this.decide(id, chat.supplier!, 'confirmed', null, actor, reply);
      if (purpose === 'suppliers' && verb === 'reject' && id) {
        await this.store.setPendingAction(chat, `reject:${id}`);
        return reply(STAFF_TEXTS.askReason);
      }
      return;
    }
    if (u.kind === 'text' && purpose === 'suppliers' && chat.pendingAction?.startsWith('reject:')) {
      await this.store.setPendingAction(chat, null);
      return this.decide(chat.pendingAction.slice(7), chat.supplier!, 'rejected', u.text, actor, reply);
    }
  }

  private async take(
    applicationId: string,
    userId: string,
    reply: (t: string) => Promise<void>,
  ): Promise<void> {
    const actor: Actor = { userId, role: 'operator', correlationId: null };
    try {
      const app = await this.queries.execute(new GetApplicationQuery(applicationId));
      if (!app || app.assigneeId !== null) return reply(STAFF_TEXTS.notTaken);
      await this.commands.execute(
        new UpdateApplicationCommand(
          applicationId,
          app.version,
          { assigneeId: userId, status: 'in_progress' },
          actor,
        ),
      );
      return reply(STAFF_TEXTS.taken(app.number));
    } catch (err) {
      if (err instanceof DomainError) return reply(STAFF_TEXTS.notTaken);
      throw err;
    }
  }

  private async decide(
    serviceId: string,
    supplier: string,
    status: 'confirmed' | 'rejected',
    reason: string | null,
    actor: Actor,
    reply: (t: string) => Promise<void>,
  ): Promise<void> {
    let result;
    try {
      result = await this.commands.execute(
        new SetServiceConfirmationCommand(serviceId, supplier, status, reason, actor),
      );
    } catch (err) {
      if (err instanceof DomainError) return reply(STAFF_TEXTS.notYours);
      throw err;
    }
    await reply(status === 'confirmed' ? STAFF_TEXTS.confirmed : STAFF_TEXTS.rejected);
    if (result.managerId === null) return;
    const text =
      status === 'confirmed'
        ? STAFF_TEXTS.managerConfirmed(result.number, result.serviceType, supplier)
        : STAFF_TEXTS.managerRejected(result.number, result.serviceType, supplier, reason ?? '');
    for (const c of await this.store.linkedChats('operators', { userIds: [result.managerId] })) {
      await this.store.enqueue(c.integrationId, c.chatId, { text });
    }
  }
}
