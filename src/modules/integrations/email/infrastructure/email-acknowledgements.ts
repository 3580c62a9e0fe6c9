import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { replyToken } from '../domain/reply-token';

export const ackRecipientAad = (id: string): string => `email_ack:${id}:recipient`;
export const ackInReplyToAad = (id: string): string => `email_ack:${id}:in_reply_to`;

/**
 * Acknowledgements waiting to be sent: at most one per sender per day and mailbox (counted by the
 * blind index of the address); the address to answer and the Message-ID answered are sealed.
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
export class EmailAcknowledgements {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  /** The plus-address token of an application: a keyed hash of its id, so it is stable and unguessable. */
  tokenOf(applicationId: string): string {
    return replyToken(this.cipher.blindIndex('email-reply-token', applicationId));
  }

  /** Queues one unless the sender already got one today; false when nothing was queued. */
  async queue(
    integrationId: string,
    applicationId: string,
    applicationNumber: string | null,
    recipient: string,
    inReplyTo: string | null,
  ): Promise<boolean> {
    const id = uuidv7();
    const r = await this.uow.sql(
      `INSERT INTO email_acknowledgements (id, integration_id, sender_hash, day, application_id, application_number,
         recipient_encrypted, key_id, in_reply_to)
       VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC')::date, $4, $5, $6, $7, $8)
       ON CONFLICT (integration_id, sender_hash, day) DO NOTHING`,
      [
        id,
        integrationId,
        this.cipher.blindIndex('email', recipient.trim().toLowerCase()),
        applicationId,
        applicationNumber,
        this.cipher.encrypt(recipient, ackRecipientAad(id)),
        this.cipher.currentKeyId,
        inReplyTo ? this.cipher.encrypt(inReplyTo, ackInReplyToAad(id)) : null,
      ],
    );
    return r.rowCount === 1;
  }
}
