import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail intake over IMAP: the mailbox settings of an `email` integration (both passwords sealed
 * by FieldCipher, key id in `key_id`); the IMAP cursor `(uid_validity, last_uid)`, advanced in the
 * transaction that stores a message into the inbound port's `inbound_messages`, with
 * `reading_since` (mail older than the first read is left alone); the lease that lets one replica
 * at a time read a mailbox; acknowledgements (one per sender per day, the recipient sealed, sent
 * by a SKIP LOCKED worker with backoff).
 */
export class EmailIntake1764050000000 implements MigrationInterface {
  name = 'EmailIntake1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_mailboxes (
        integration_id           uuid PRIMARY KEY REFERENCES integration_settings (id) ON DELETE CASCADE,
        imap_host                text NOT NULL,
        imap_port                integer NOT NULL CHECK (imap_port BETWEEN 1 AND 65535),
        imap_secure              boolean NOT NULL,
        imap_user                text NOT NULL,
        imap_mailbox             text NOT NULL DEFAULT 'INBOX',
        imap_password_encrypted  text NOT NULL,
        smtp_host                text NOT NULL,
        smtp_port                integer NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
        smtp_secure              boolean NOT NULL,
        smtp_user                text NOT NULL,
        smtp_from                text NOT NULL,
        smtp_password_encrypted  text NOT NULL,
        key_id                   text NOT NULL,
        uid_validity             bigint,
        last_uid                 bigint NOT NULL DEFAULT 0,
        reading_since            timestamptz,
        lease_owner              text,
        lease_until              timestamptz,
        updated_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX email_mailboxes_key_id ON email_mailboxes (key_id)`);

    await q.query(`
      CREATE TABLE email_acknowledgements (
        id                    uuid PRIMARY KEY,
        integration_id        uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        sender_hash           text NOT NULL,
        day                   date NOT NULL,
        application_id        uuid NOT NULL,
        application_number    text,
        recipient_encrypted   text NOT NULL,
        key_id                text NOT NULL,
        in_reply_to           text,
        status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts              integer NOT NULL DEFAULT 0,
        next_attempt_at       timestamptz NOT NULL DEFAULT now(),
        last_error            text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        sent_at               timestamptz,
        UNIQUE (integration_id, sender_hash, day)
      )`);
    await q.query(
      `CREATE INDEX email_acknowledgements_pending ON email_acknowledgements (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX email_acknowledgements_key_id ON email_acknowledgements (key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_acknowledgements`);
    await q.query(`DROP TABLE email_mailboxes`);
  }
}
