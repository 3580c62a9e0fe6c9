import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WhatsApp Business Cloud API numbers as integrations: the channel's further secrets (the app
 * secret that signs webhooks, the phone number id) sealed in `channel_secrets_encrypted`, plain
 * settings (the approved template for replies outside the 24-hour window) in `settings`; the
 * delivery statuses Meta reports for outgoing messages (any order, each kept once); and the
 * provider's id of each sent message on the outgoing queue.
 */
export class WhatsApp1764040000002 implements MigrationInterface {
  name = 'WhatsApp1764040000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integration_settings ADD COLUMN channel_secrets_encrypted text`);
    await q.query(`ALTER TABLE integration_settings ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE telegram_outgoing ADD COLUMN provider_message_id text`);
    await q.query(
      `CREATE INDEX telegram_outgoing_provider_id ON telegram_outgoing (integration_id, provider_message_id)
        WHERE provider_message_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE whatsapp_statuses (
        integration_id       uuid NOT NULL REFERENCES integration_settings (id) ON DELETE CASCADE,
        provider_message_id  text NOT NULL,
        status               text NOT NULL,
        occurred_at          timestamptz NOT NULL,
        error_code           integer,
        error_title          text,
        received_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, provider_message_id, status)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE whatsapp_statuses`);
    await q.query(`ALTER TABLE telegram_outgoing DROP COLUMN provider_message_id`);
    await q.query(`ALTER TABLE integration_settings DROP COLUMN settings`);
    await q.query(`ALTER TABLE integration_settings DROP COLUMN channel_secrets_encrypted`);
  }
}
