import { Injectable } from '@nestjs/common';
import {
  type ErasureReport,
  type ErasureSubject,
  PersonalDataEraser,
  type PersonalDataEraserPort,
} from '../../../shared/contracts/personal-data-erasers';
import { UnitOfWork } from '../../../shared/database/unit-of-work';

/**
 * The person's raw inbound messages of every channel on the inbound port (Telegram, WhatsApp,
 * e-mail): the sealed messages, their conversations (thread keys are blind indexes of phones,
 * chat ids and addresses), threading references and attachment jobs, found by the client and by
 * the applications the applications eraser destroyed. Runs after it (order 45).
 */
@Injectable()
@PersonalDataEraser({ name: 'inbound', order: 45 })
export class InboundPersonalDataEraser implements PersonalDataEraserPort {
  constructor(private readonly uow: UnitOfWork) {}

  async erasePersonalData(subject: ErasureSubject): Promise<ErasureReport> {
    const apps = subject.applicationIds;
    const client = subject.clientId;
    // the threads of those messages: held messages of the same chat carry only the thread hash
    const threads = await this.uow.rows<{ integration_id: string; thread_hash: string }>(
      `SELECT DISTINCT integration_id, thread_hash FROM inbound_messages
        WHERE thread_hash IS NOT NULL AND (application_id = ANY($1::uuid[]) OR client_id = $2)
       UNION
       SELECT integration_id, thread_hash FROM inbound_conversations
        WHERE application_id = ANY($1::uuid[]) OR client_id = $2`,
      [apps, client],
    );
    const integrations = threads.map((t) => t.integration_id);
    const hashes = threads.map((t) => t.thread_hash);
    const messages = (
      await this.uow.sql(
        `DELETE FROM inbound_messages m
          WHERE m.application_id = ANY($1::uuid[]) OR m.client_id = $2
             OR (m.integration_id, m.thread_hash) IN (
                  SELECT * FROM unnest($3::uuid[], $4::text[]))`,
        [apps, client, integrations, hashes],
      )
    ).rowCount;
    const conversations = (
      await this.uow.sql(
        `DELETE FROM inbound_conversations c
          WHERE c.application_id = ANY($1::uuid[]) OR c.client_id = $2
             OR (c.integration_id, c.thread_hash) IN (
                  SELECT * FROM unnest($3::uuid[], $4::text[]))`,
        [apps, client, integrations, hashes],
      )
    ).rowCount;
    await this.uow.sql(`DELETE FROM inbound_references WHERE application_id = ANY($1::uuid[])`, [apps]);
    await this.uow.sql(`DELETE FROM inbound_attachments WHERE application_id = ANY($1::uuid[])`, [apps]);
    const categories =
      messages + conversations > 0
        ? [`входящие сообщения мессенджеров и почты (${messages}), переписки (${conversations})`]
        : [];
    return {
      categories,
      kept: [],
      counts: { inboundMessages: messages, inboundConversations: conversations },
    };
  }
}
