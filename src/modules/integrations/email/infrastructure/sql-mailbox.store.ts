import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { MailboxStore, StoredMailbox } from '../application/mailbox-store.port';
import type { MailboxSettings } from '../domain/mailbox-settings';

interface MailboxRow {
  integration_id: string;
  imap_host: string;
  imap_port: number;
  imap_secure: boolean;
  imap_user: string;
  imap_mailbox: string;
  imap_password_encrypted: string;
  smtp_host: string;
  smtp_port: number;
  smtp_secure: boolean;
  smtp_user: string;
  smtp_from: string;
  smtp_password_encrypted: string;
  uid_validity: string | null;
  last_uid: string;
}

export const imapPasswordAad = (id: string): string => `email_mailbox:${id}:imap_password`;
export const smtpPasswordAad = (id: string): string => `email_mailbox:${id}:smtp_password`;

/**
 * The mailboxes of e-mail integrations: both passwords sealed (AES-256-GCM bound to the row and
 * the column), in key rotation; the IMAP cursor and the reading lease beside them.
 */
@Injectable()
@SealsColumns([
  {
    table: 'email_mailboxes',
    column: 'imap_password_encrypted',
    idColumn: 'integration_id',
    keyIdColumn: 'key_id',
    aad: imapPasswordAad,
  },
  {
    table: 'email_mailboxes',
    column: 'smtp_password_encrypted',
    idColumn: 'integration_id',
    aad: smtpPasswordAad,
  },
])
export class SqlMailboxStore implements MailboxStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  async insert(id: string, s: MailboxSettings): Promise<void> {
    await this.uow.sql(
      `INSERT INTO email_mailboxes (integration_id, imap_host, imap_port, imap_secure, imap_user, imap_mailbox,
         imap_password_encrypted, smtp_host, smtp_port, smtp_secure, smtp_user, smtp_from, smtp_password_encrypted,
         key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        s.imap.host,
        s.imap.port,
        s.imap.secure,
        s.imap.user,
        s.imap.mailbox,
        this.cipher.encrypt(s.imap.password, imapPasswordAad(id)),
        s.smtp.host,
        s.smtp.port,
        s.smtp.secure,
        s.smtp.user,
        s.smtp.from,
        this.cipher.encrypt(s.smtp.password, smtpPasswordAad(id)),
        this.cipher.currentKeyId,
      ],
    );
  }

  async find(id: string): Promise<StoredMailbox | null> {
    const [r] = await this.uow.rows<MailboxRow>(
      `SELECT integration_id, imap_host, imap_port, imap_secure, imap_user, imap_mailbox, imap_password_encrypted,
              smtp_host, smtp_port, smtp_secure, smtp_user, smtp_from, smtp_password_encrypted,
              uid_validity::text, last_uid::text
         FROM email_mailboxes WHERE integration_id = $1`,
      [id],
    );
    if (!r) return null;
    return {
      integrationId: r.integration_id,
      settings: {
        imap: {
          host: r.imap_host,
          port: r.imap_port,
          secure: r.imap_secure,
          user: r.imap_user,
          password: this.cipher.decrypt(r.imap_password_encrypted, imapPasswordAad(id)),
          mailbox: r.imap_mailbox,
        },
        smtp: {
          host: r.smtp_host,
          port: r.smtp_port,
          secure: r.smtp_secure,
          user: r.smtp_user,
          password: this.cipher.decrypt(r.smtp_password_encrypted, smtpPasswordAad(id)),
          from: r.smtp_from,
        },
      },
      cursor: {
        uidValidity: r.uid_validity === null ? null : Number(r.uid_validity),
        lastUid: Number(r.last_uid),
      },
    };
  }
}
