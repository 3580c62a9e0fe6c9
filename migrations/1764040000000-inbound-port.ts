import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbound port: one table of incoming messages from every channel (Telegram, WhatsApp,
 * e-mail, …), sealed (AES-256-GCM, key id in `key_id`), unique per (integration, provider message
 * id) and processed by a SKIP LOCKED worker; the conversations (thread → open application,
 * consent, the customer's last message), the references a later message may answer (provider
 * message ids of both directions), and the attachment jobs (fetched from the provider and stored,
 * retried with backoff). Thread keys are kept only as a blind index (HMAC): a phone number or an
 * e-mail address never sits in the clear. `client_id` / `application_id` let a destruction of a
 * person's data find every row of theirs.
 */
export class InboundPort1764040000000 implements MigrationInterface {
  name = 'InboundPort1764040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_messages (
        id                   uuid PRIMARY KEY,
        channel              text NOT NULL,
        integration_id       uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        provider_message_id  text NOT NULL,
        thread_hash          text,
        body                 text NOT NULL,
        key_id               text NOT NULL,
        status               text NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'held', 'done', 'failed')),
        attempts             integer NOT NULL DEFAULT 0,
        next_attempt_at      timestamptz NOT NULL DEFAULT now(),
        hold_until           timestamptz,
        last_error           text,
        application_id       uuid,
        client_id            uuid,
        received_at          timestamptz NOT NULL DEFAULT now(),
        processed_at         timestamptz,
        CONSTRAINT inbound_messages_provider_id UNIQUE (integration_id, provider_message_id),
        CONSTRAINT inbound_messages_held_until CHECK ((status = 'held') = (hold_until IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX inbound_messages_pending ON inbound_messages (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX inbound_messages_held ON inbound_messages (integration_id, thread_hash, hold_until)
        WHERE status = 'held'`,
    );
    await q.query(`CREATE INDEX inbound_messages_key_id ON inbound_messages (key_id)`);
    await q.query(
      `CREATE INDEX inbound_messages_application ON inbound_messages (application_id) WHERE application_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX inbound_messages_client ON inbound_messages (client_id) WHERE client_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE inbound_conversations (
        integration_id            uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        thread_hash               text NOT NULL,
        channel                   text NOT NULL,
        application_id            uuid,
        client_id                 uuid,
        last_message_at           timestamptz,
        last_customer_message_at  timestamptz,
        consent_given_at          timestamptz,
        consent_text_version      text,
        consent_asked_at          timestamptz,
        created_at                timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, thread_hash)
      )`);
    await q.query(
      `CREATE INDEX inbound_conversations_application ON inbound_conversations (application_id)
        WHERE application_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX inbound_conversations_client ON inbound_conversations (client_id) WHERE client_id IS NOT NULL`,
    );

    // a reference a later message may carry (a provider message id, an outgoing Message-ID, a token)
    await q.query(`
      CREATE TABLE inbound_references (
        integration_id  uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        reference       text NOT NULL,
        application_id  uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, reference)
      )`);
    await q.query(`CREATE INDEX inbound_references_application ON inbound_references (application_id)`);

    await q.query(`
      CREATE TABLE inbound_attachments (
        message_id       uuid NOT NULL REFERENCES inbound_messages (id) ON DELETE CASCADE,
        idx              integer NOT NULL,
        application_id   uuid NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text,
        attachment_id    uuid,
        sha256           text,
        size             bigint,
        created_at       timestamptz NOT NULL DEFAULT now(),
        done_at          timestamptz,
        PRIMARY KEY (message_id, idx)
      )`);
    await q.query(
      `CREATE INDEX inbound_attachments_pending ON inbound_attachments (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX inbound_attachments_application ON inbound_attachments (application_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbound_attachments`);
    await q.query(`DROP TABLE inbound_references`);
    await q.query(`DROP TABLE inbound_conversations`);
    await q.query(`DROP TABLE inbound_messages`);
  }
}
