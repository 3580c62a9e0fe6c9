import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { EmailIntakeStore } from '../application/email-intake.port';
import { newReplyToken } from '../domain/reply-token';

export const ackRecipientAad = (id: string): string => `email_ack:${id}:recipient`;
export const ackInReplyToAad = (id: string): string => `email_ack:${id}:in_reply_to`;

/**
 * Threads and acknowledgements of the e-mail intake. Message-IDs are kept only as blind-index
 * hashes (`mid:<hmac>`), tokens as `tok:<token>`; a sender is counted per day by the blind index
 * of their address, and the address to answer is sealed.
 */
@Injectable()
@SealsColumns([
  {
    table: 'email_acknowledgements',
    column: 'recipient_encrypted',
    keyIdColumn: 'key_id',
    aad: ackRecipientAad,
  },
  { table: 'email_acknowledgements', column: 'in_reply_to', aad: ackInReplyToAad },
])
export class SqlEmailIntakeStore implements EmailIntakeStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  private mid(messageId: string): string {
    return `mid:${this.cipher.blindIndex('email-message-id', messageId.trim().toLowerCase())}`;
  }

  async findThread(
    integrationId: string,
    messageIds: string[],
    token: string | null,
  ): Promise<string | null> {
    const refs = messageIds.map((m) => this.mid(m));
    if (token) refs.push(`tok:${token}`);
    if (refs.length === 0) return null;
    const rows = await this.uow.rows<{ ref: string; application_id: string }>(
      `SELECT ref, application_id FROM email_threads WHERE integration_id = $1 AND ref = ANY($2::text[])`,
      [integrationId, refs],
    );
    // the most specific reference wins: In-Reply-To, then References newest first, then the token
    for (const ref of refs) {
      const hit = rows.find((r) => r.ref === ref);
      if (hit) return hit.application_id;
    }
    return null;
  }

  async remember(
    integrationId: string,
    applicationId: string,
    messageIds: string[],
    token?: string,
  ): Promise<void> {
    const refs = messageIds.map((m) => this.mid(m));
    if (token) refs.push(`tok:${token}`);
    if (refs.length === 0) return;
    await this.uow.sql(
      `INSERT INTO email_threads (integration_id, ref, application_id)
       SELECT $1, ref, $3 FROM unnest($2::text[]) AS ref
       ON CONFLICT (integration_id, ref) DO NOTHING`,
      [integrationId, refs, applicationId],
    );
  }

  async tokenOf(integrationId: string, applicationId: string): Promise<string> {
    const [found] = await this.uow.rows<{ ref: string }>(
      `SELECT ref FROM email_threads WHERE integration_id = $1 AND application_id = $2 AND ref LIKE 'tok:%' LIMIT 1`,
      [integrationId, applicationId],
    );
    if (found) return found.ref.slice(4);
    const token = newReplyToken();
    await this.remember(integrationId, applicationId, [], token);
    return token;
  }

  async queueAcknowledgement(
    integrationId: string,
    applicationId: string,
    recipient: string,
    inReplyTo: string | null,
  ): Promise<boolean> {
    const id = uuidv7();
    const r = await this.uow.sql(
      `INSERT INTO email_acknowledgements (id, integration_id, sender_hash, day, application_id,
         recipient_encrypted, key_id, in_reply_to)
       VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC')::date, $4, $5, $6, $7)
       ON CONFLICT (integration_id, sender_hash, day) DO NOTHING`,
      [
        id,
        integrationId,
        this.cipher.blindIndex('email', recipient.trim().toLowerCase()),
        applicationId,
        this.cipher.encrypt(recipient, ackRecipientAad(id)),
        this.cipher.currentKeyId,
        inReplyTo ? this.cipher.encrypt(inReplyTo, ackInReplyToAad(id)) : null,
      ],
    );
    return r.rowCount === 1;
  }
}
