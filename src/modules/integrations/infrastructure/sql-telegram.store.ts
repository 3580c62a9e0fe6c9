import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { BotMessage } from '../application/ports/bot-gateway.port';
import { InboundMessageStore } from '../application/ports/inbound-message.store.port';
import {
  type DeadlineJobWindow,
  outgoingAad,
  type TelegramChat,
  TelegramStore,
  updateAad,
} from '../application/ports/telegram-store.port';
import { IntegrationSecretsCodec } from '../application/services/integration-secrets';
import { TelegramSignals } from '../application/services/telegram-signals';

interface ChatRow {
  chat_id: string;
  consent_given_at: Date | null;
  consent_text_version: string | null;
  contact: string | null;
  application_id: string | null;
  last_message_at: Date | null;
  linked_user_id: string | null;
  supplier: string | null;
  pending_action: string | null;
  stopped_at: Date | null;
}

const chatAad = (integrationId: string, chatId: number) => `telegram-chat:${integrationId}:${chatId}`;

/** {@link TelegramStore} on PostgreSQL: `telegram_chats`, `telegram_outgoing`, `telegram_updates`, `telegram_jobs`. */
@Injectable()
export class SqlTelegramStore extends TelegramStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
    private readonly signals: TelegramSignals,
    private readonly inbound: InboundMessageStore,
  ) {
    super();
  }

  /**
   * Keeps an update once per (integration, update_id) through the inbound port (sealed in
   * `inbound_messages`, the update as `raw`); true when it was new.
   */
  async storeUpdate(integrationId: string, update: Record<string, unknown>): Promise<boolean> {
    const updateId = update.update_id as number;
    const r = await this.inbound.receive({
      channel: 'telegram',
      integrationId,
      providerMessageId: String(updateId),
      sender: '',
      contact: null,
      text: null,
      attachments: [],
      replyTo: null,
      threadKey: null,
      receivedAt: new Date().toISOString(),
      raw: update,
    });
    return r.stored;
  }

  /** The chat's row, created on first contact; locked for the rest of the transaction. */
  async chat(integrationId: string, chatId: number, userId: number | null): Promise<TelegramChat> {
    await this.uow.sql(
      `INSERT INTO telegram_chats (integration_id, chat_id, user_id) VALUES ($1, $2, $3)
       ON CONFLICT (integration_id, chat_id) DO NOTHING`,
      [integrationId, chatId, userId],
    );
    const [r] = await this.uow.rows<ChatRow>(
      `SELECT chat_id, consent_given_at, consent_text_version, contact, application_id, last_message_at,
              linked_user_id, supplier, pending_action, stopped_at
         FROM telegram_chats WHERE integration_id = $1 AND chat_id = $2 FOR UPDATE`,
      [integrationId, chatId],
    );
    return {
      integrationId,
      chatId,
      consentGivenAt: r.consent_given_at,
      consentTextVersion: r.consent_text_version,
      contact: r.contact === null ? null : this.codec.open(r.contact, chatAad(integrationId, chatId)),
      applicationId: r.application_id,
      lastMessageAt: r.last_message_at,
      linkedUserId: r.linked_user_id,
      supplier: r.supplier,
      pendingAction: r.pending_action,
      stoppedAt: r.stopped_at,
    };
  }

  /** Consent withdrawn: the chat gets no more messages (queued ones are dropped) until it consents again. */
  async stop(chat: TelegramChat, at: Date): Promise<void> {
    await this.stopChats({ chats: [[chat.integrationId, chat.chatId]] }, at);
  }

  /** Stops the given chats and those whose current application is one of `applicationIds`; how many. */
  async stopChats(
    target: { chats?: Array<[string, number]>; applicationIds?: string[] },
    at: Date,
  ): Promise<number> {
    const integrations = (target.chats ?? []).map(([i]) => i);
    const chats = (target.chats ?? []).map(([, c]) => c);
    const stopped = await this.uow.rows<{ integration_id: string; chat_id: string }>(
      `UPDATE telegram_chats SET stopped_at = $4
        WHERE stopped_at IS NULL AND linked_user_id IS NULL AND supplier IS NULL
          AND ((integration_id, chat_id) IN (SELECT * FROM unnest($1::uuid[], $2::bigint[]))
               OR application_id = ANY($3::uuid[]))
        RETURNING integration_id, chat_id`,
      [integrations, chats, target.applicationIds ?? [], at],
    );
    for (const s of stopped) {
      await this.uow.sql(
        `DELETE FROM telegram_outgoing WHERE integration_id = $1 AND chat_id = $2 AND status = 'pending'`,
        [s.integration_id, s.chat_id],
      );
    }
    return stopped.length;
  }

  async resume(chat: TelegramChat): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_chats SET stopped_at = NULL WHERE integration_id = $1 AND chat_id = $2`,
      [chat.integrationId, chat.chatId],
    );
    chat.stoppedAt = null;
  }

  async recordConsent(chat: TelegramChat, textVersion: string, at: Date): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_chats SET consent_given_at = $3, consent_text_version = $4
        WHERE integration_id = $1 AND chat_id = $2`,
      [chat.integrationId, chat.chatId, at, textVersion],
    );
  }

  async saveContact(
    chat: TelegramChat,
    contact: { name: string | null; phone: string | null },
  ): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_chats SET contact = $3, key_id = $4 WHERE integration_id = $1 AND chat_id = $2`,
      [
        chat.integrationId,
        chat.chatId,
        this.codec.seal(contact, chatAad(chat.integrationId, chat.chatId)),
        this.codec.keyId,
      ],
    );
  }

  async setConversation(chat: TelegramChat, applicationId: string, at: Date): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_chats SET application_id = $3, last_message_at = $4 WHERE integration_id = $1 AND chat_id = $2`,
      [chat.integrationId, chat.chatId, applicationId, at],
    );
  }

  async link(chat: TelegramChat, link: { userId?: string; supplier?: string }): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_chats SET linked_user_id = $3, supplier = $4 WHERE integration_id = $1 AND chat_id = $2`,
      [chat.integrationId, chat.chatId, link.userId ?? null, link.supplier ?? null],
    );
  }

  async setPendingAction(chat: TelegramChat, action: string | null): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_chats SET pending_action = $3 WHERE integration_id = $1 AND chat_id = $2`,
      [chat.integrationId, chat.chatId, action],
    );
  }

  /** Chats of active bots of a purpose linked to this user / this supplier. */
  async linkedChats(
    purpose: 'operators' | 'suppliers',
    who: { userIds?: string[] | 'all'; supplier?: string },
  ): Promise<Array<{ integrationId: string; chatId: number; userId: string | null }>> {
    const rows = await this.uow.rows<{
      integration_id: string;
      chat_id: string;
      linked_user_id: string | null;
    }>(
      `SELECT c.integration_id, c.chat_id, c.linked_user_id
         FROM telegram_chats c JOIN integration_settings i ON i.id = c.integration_id
        WHERE i.is_active AND i.purpose = $1
          AND ( ($2::boolean AND c.linked_user_id IS NOT NULL)
             OR c.linked_user_id = ANY($3::uuid[])
             OR ($4::text IS NOT NULL AND lower(c.supplier) = lower($4)) )
        ORDER BY c.integration_id, c.chat_id`,
      [purpose, who.userIds === 'all', Array.isArray(who.userIds) ? who.userIds : [], who.supplier ?? null],
    );
    return rows.map((r) => ({
      integrationId: r.integration_id,
      chatId: Number(r.chat_id),
      userId: r.linked_user_id,
    }));
  }

  /**
   * Queues a message (sent after commit by the outgoing worker). A `dedupeKey` makes a second
   * enqueue of the same notice a no-op, so a redelivered event never sends twice.
   */
  async enqueue(
    integrationId: string,
    chatId: number,
    message: BotMessage,
    dedupeKey?: string,
    options: { evenIfStopped?: boolean } = {},
  ): Promise<void> {
    const id = uuidv7();
    // a chat whose consent was withdrawn gets nothing (but the answer to /stop or /start itself)
    await this.uow.sql(
      `INSERT INTO telegram_outgoing (id, integration_id, chat_id, body, key_id, dedupe_key)
       SELECT $1, $2, $3, $4, $5, $6
        WHERE $7 OR NOT EXISTS (SELECT 1 FROM telegram_chats
                                 WHERE integration_id = $2 AND chat_id = $3 AND stopped_at IS NOT NULL)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        id,
        integrationId,
        chatId,
        this.codec.seal(message, outgoingAad(id)),
        this.codec.keyId,
        dedupeKey ?? null,
        options.evenIfStopped === true,
      ],
    );
    this.uow.afterCommit(() => this.signals.messagesQueued());
  }

  async storedUpdate(integrationId: string, updateId: number): Promise<Record<string, unknown> | null> {
    const [row] = await this.uow.rows<{ payload: string }>(
      `SELECT payload FROM telegram_updates WHERE integration_id = $1 AND update_id = $2`,
      [integrationId, updateId],
    );
    return row
      ? this.codec.open<Record<string, unknown>>(row.payload, updateAad(integrationId, updateId))
      : null;
  }

  async claimDeadlineJob(name: string, timeZone: string, force: boolean): Promise<DeadlineJobWindow | null> {
    const [job] = await this.uow.rows<DeadlineJobWindow>(
      `SELECT (date_trunc('day', now() AT TIME ZONE $2) + interval '1 day') AT TIME ZONE $2 AS "from",
              (date_trunc('day', now() AT TIME ZONE $2) + interval '2 days') AT TIME ZONE $2 AS "to",
              to_char(date_trunc('day', now() AT TIME ZONE $2) + interval '1 day', 'DD.MM.YYYY') AS day
         FROM telegram_jobs WHERE name = $1 AND (next_run_at <= now() OR $3)
         FOR UPDATE SKIP LOCKED`,
      [name, timeZone, force],
    );
    return job ?? null;
  }

  async rescheduleJob(name: string): Promise<void> {
    await this.uow.sql(
      `UPDATE telegram_jobs SET last_run_at = now(), next_run_at = now() + interval '1 hour' WHERE name = $1`,
      [name],
    );
  }
}
