import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrations (Telegram bots now; room for WhatsApp and e-mail): settings with the bot token and
 * the webhook secret sealed by FieldCipher (AES-256-GCM, key id in `key_id`); the Telegram update
 * inbox (dedupe on (integration, update_id), processed by a SKIP LOCKED worker); chats (consent,
 * the open application of a conversation, the staff user or supplier a chat is linked to);
 * one-time link codes (hashed); the outgoing message queue (retries, 429 retry_after, sent once);
 * the bots' scheduled jobs.
 * Update payloads, contacts and message bodies are personal data: sealed too.
 */
export class Integrations1763860000000 implements MigrationInterface {
  name = 'Integrations1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration_settings (
        id                   uuid PRIMARY KEY,
        type                 text NOT NULL CHECK (type IN ('telegram', 'whatsapp', 'email')),
        purpose              text NOT NULL CHECK (purpose IN ('sales', 'operators', 'suppliers')),
        bot_name             text NOT NULL,
        api_token_encrypted  text NOT NULL,
        webhook_secret_encrypted text NOT NULL,
        key_id               text NOT NULL,
        token_fingerprint    text NOT NULL,
        is_active            boolean NOT NULL DEFAULT false,
        last_connected_at    timestamptz,
        last_error           text,
        created_by           uuid REFERENCES users (id),
        updated_by           uuid REFERENCES users (id),
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        version              integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX integration_settings_type_purpose ON integration_settings (type, purpose, id)`,
    );
    await q.query(`CREATE INDEX integration_settings_active ON integration_settings (id) WHERE is_active`);
    await q.query(`CREATE INDEX integration_settings_key_id ON integration_settings (key_id)`);

    await q.query(`
      CREATE TABLE telegram_updates (
        integration_id   uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        update_id        bigint NOT NULL,
        payload          text NOT NULL,
        key_id           text NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text,
        received_at      timestamptz NOT NULL DEFAULT now(),
        processed_at     timestamptz,
        PRIMARY KEY (integration_id, update_id)
      )`);
    await q.query(
      `CREATE INDEX telegram_updates_pending ON telegram_updates (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX telegram_updates_key_id ON telegram_updates (key_id)`);

    await q.query(`
      CREATE TABLE telegram_chats (
        integration_id        uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        chat_id               bigint NOT NULL,
        user_id               bigint,
        consent_given_at      timestamptz,
        consent_text_version  text,
        contact               text,
        key_id                text,
        application_id        uuid,
        last_message_at       timestamptz,
        linked_user_id        uuid REFERENCES users (id) ON DELETE CASCADE,
        supplier              text,
        pending_action        text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, chat_id)
      )`);
    await q.query(
      `CREATE INDEX telegram_chats_linked_user ON telegram_chats (linked_user_id) WHERE linked_user_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX telegram_chats_supplier ON telegram_chats (lower(supplier)) WHERE supplier IS NOT NULL`,
    );
    await q.query(`CREATE INDEX telegram_chats_key_id ON telegram_chats (key_id) WHERE key_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE telegram_link_codes (
        code_hash   text PRIMARY KEY,
        purpose     text NOT NULL CHECK (purpose IN ('operators', 'suppliers')),
        user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
        supplier    text,
        created_by  uuid REFERENCES users (id),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((purpose = 'operators') = (user_id IS NOT NULL)),
        CHECK ((purpose = 'suppliers') = (supplier IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX telegram_link_codes_expires ON telegram_link_codes (expires_at)`);

    await q.query(`
      CREATE TABLE telegram_outgoing (
        id               uuid PRIMARY KEY,
        integration_id   uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        chat_id          bigint NOT NULL,
        body             text NOT NULL,
        key_id           text NOT NULL,
        dedupe_key       text UNIQUE,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        sent_at          timestamptz
      )`);
    await q.query(
      `CREATE INDEX telegram_outgoing_pending ON telegram_outgoing (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX telegram_outgoing_chat ON telegram_outgoing (integration_id, chat_id)`);
    await q.query(`CREATE INDEX telegram_outgoing_key_id ON telegram_outgoing (key_id)`);

    // scheduled jobs of the bots (deadlines due tomorrow): one row per job, claimed with SKIP LOCKED
    await q.query(`
      CREATE TABLE telegram_jobs (
        name         text PRIMARY KEY,
        next_run_at  timestamptz NOT NULL DEFAULT now(),
        last_run_at  timestamptz
      )`);
    await q.query(`INSERT INTO telegram_jobs (name) VALUES ('deadlines-tomorrow')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telegram_jobs`);
    await q.query(`DROP TABLE telegram_outgoing`);
    await q.query(`DROP TABLE telegram_link_codes`);
    await q.query(`DROP TABLE telegram_chats`);
    await q.query(`DROP TABLE telegram_updates`);
    await q.query(`DROP TABLE integration_settings`);
  }
}
