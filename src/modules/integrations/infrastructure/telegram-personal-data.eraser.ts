import { Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
} from '../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { IntegrationSecretsCodec } from '../application/services/integration-secrets';
import { updateAad } from '../application/ports/telegram-store.port';

/** The chat an incoming Bot API update came from. */
export function chatOfUpdate(update: Record<string, unknown>): number | null {
  const u = update as {
    message?: { chat?: { id?: unknown } };
    edited_message?: { chat?: { id?: unknown } };
    callback_query?: { message?: { chat?: { id?: unknown } }; from?: { id?: unknown } };
    my_chat_member?: { chat?: { id?: unknown } };
  };
  const id =
    u.message?.chat?.id ??
    u.edited_message?.chat?.id ??
    u.callback_query?.message?.chat?.id ??
    u.callback_query?.from?.id ??
    u.my_chat_member?.chat?.id;
  return typeof id === 'number' ? id : null;
}

/**
 * The person's Telegram chats on destruction: the chat rows of the sales bot linked to their
 * applications (or named by a channel ref), the raw inbound updates of those chats and the
 * messages queued or sent to them. Staff and supplier chats are not the client's and stay.
 */
@Injectable()
@PersonalDataEraser({ name: 'telegram', order: 40 })
export class TelegramPersonalDataEraser implements PersonalDataEraserPort {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
  ) {}

  async erasePersonalData(subject: ErasureSubject): Promise<ErasureReport> {
    const refs = subject.channelRefs
      .filter((r) => r.startsWith('telegram:'))
      .map((r) => r.split(':'))
      .map(([, integrationId, chatId]) => ({ integrationId, chatId: Number(chatId) }));
    const linked = await this.uow.rows<{ integration_id: string; chat_id: string }>(
      `SELECT integration_id, chat_id FROM telegram_chats
        WHERE application_id = ANY($1::uuid[]) AND linked_user_id IS NULL AND supplier IS NULL`,
      [subject.applicationIds],
    );
    const chats = new Map<string, { integrationId: string; chatId: number }>();
    for (const c of [
      ...refs,
      ...linked.map((l) => ({ integrationId: l.integration_id, chatId: Number(l.chat_id) })),
    ]) {
      chats.set(`${c.integrationId}:${c.chatId}`, c);
    }
    let chatRows = 0;
    let outgoing = 0;
    let updates = 0;
    for (const integrationId of new Set([...chats.values()].map((c) => c.integrationId))) {
      const ids = [...chats.values()].filter((c) => c.integrationId === integrationId).map((c) => c.chatId);
      chatRows += (
        await this.uow.sql(
          `DELETE FROM telegram_chats WHERE integration_id = $1 AND chat_id = ANY($2::bigint[])`,
          [integrationId, ids],
        )
      ).rowCount;
      outgoing += (
        await this.uow.sql(
          `DELETE FROM telegram_outgoing WHERE integration_id = $1 AND chat_id = ANY($2::bigint[])`,
          [integrationId, ids],
        )
      ).rowCount;
      // raw updates are sealed whole: open each to find the chat it came from
      const rows = await this.uow.rows<{ update_id: string; payload: string }>(
        `SELECT update_id, payload FROM telegram_updates WHERE integration_id = $1`,
        [integrationId],
      );
      const doomed = rows
        .filter((r) => {
          const chat = chatOfUpdate(
            this.codec.open<Record<string, unknown>>(
              r.payload,
              updateAad(integrationId, Number(r.update_id)),
            ),
          );
          return chat !== null && ids.includes(chat);
        })
        .map((r) => r.update_id);
      if (doomed.length > 0) {
        updates += (
          await this.uow.sql(
            `DELETE FROM telegram_updates WHERE integration_id = $1 AND update_id = ANY($2::bigint[])`,
            [integrationId, doomed],
          )
        ).rowCount;
      }
    }
    const categories =
      chatRows + updates + outgoing > 0
        ? [
            `переписка в Telegram: чаты (${chatRows}), входящие сообщения (${updates}), исходящие (${outgoing})`,
          ]
        : [];
    return {
      categories,
      kept: [],
      counts: { telegramChats: chatRows, telegramUpdates: updates, telegramOutgoing: outgoing },
    };
  }
}
