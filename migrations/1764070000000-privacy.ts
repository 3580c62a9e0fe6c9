import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data under 152-FZ (the privacy module): versioned consent texts and the consent
 * register (the consents already stored on clients, applications and Telegram chats are copied
 * in), destructions with their acts, subject requests with a production calendar (seeded with the
 * Russian calendar of 2026). Audit entries get a second hash scheme that covers a digest of the diff,
 * so a diff holding personal data can be redacted on destruction while the chain still verifies.
 * Documents may belong to no order (the act of destruction); two template types are added.
 */
export class Privacy1764070000000 implements MigrationInterface {
  name = 'Privacy1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE privacy_consent_texts (
        id         uuid PRIMARY KEY,
        purpose    text NOT NULL,
        version    text NOT NULL,
        body       text NOT NULL,
        active     boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (purpose, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX privacy_consent_texts_active ON privacy_consent_texts (purpose) WHERE active`,
    );
    await q.query(`
      INSERT INTO privacy_consent_texts (id, purpose, version, body, active)
      VALUES ('0190b5a0-0000-7000-8000-000000000001', 'intake', '1',
              'Я даю согласие на обработку моих персональных данных (имя, телефон, e-mail, текст обращения) '
              || 'для подбора и бронирования тура в соответствии с Федеральным законом № 152-ФЗ '
              || '«О персональных данных». Согласие может быть отозвано в любой момент.', true)`);

    await q.query(`
      CREATE TABLE privacy_consents (
        id               uuid PRIMARY KEY,
        subject_kind     text NOT NULL CHECK (subject_kind IN ('client', 'application', 'telegram_chat')),
        subject_id       text NOT NULL,
        client_id        uuid,
        purpose          text NOT NULL,
        text_version     text NOT NULL,
        channel          text NOT NULL,
        given_at         timestamptz NOT NULL,
        evidence         jsonb NOT NULL DEFAULT '{}',
        withdrawn_at     timestamptz,
        withdrawn_by     uuid,
        withdrawal_channel text,
        destroy_after    timestamptz,
        kept_bases       text[] NOT NULL DEFAULT '{}',
        created_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subject_kind, subject_id, purpose, given_at)
      )`);
    await q.query(`CREATE INDEX privacy_consents_client ON privacy_consents (client_id, given_at DESC)`);
    await q.query(`CREATE INDEX privacy_consents_subject ON privacy_consents (subject_kind, subject_id)`);
    await q.query(
      `CREATE INDEX privacy_consents_due ON privacy_consents (destroy_after) WHERE destroy_after IS NOT NULL`,
    );
    // the consents recorded so far move into the register
    await q.query(`
      INSERT INTO privacy_consents (id, subject_kind, subject_id, client_id, purpose, text_version, channel, given_at, evidence)
      SELECT gen_random_uuid(), 'client', id::text, id, 'intake', consent->>'textVersion', consent->>'channel',
             (consent->>'givenAt')::timestamptz, '{"migrated": "clients.consent"}'
        FROM clients WHERE consent IS NOT NULL AND deleted_at IS NULL AND merged_into IS NULL
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO privacy_consents (id, subject_kind, subject_id, client_id, purpose, text_version, channel, given_at, evidence)
      SELECT gen_random_uuid(), 'application', id::text, client_id, 'intake', consent->>'textVersion',
             consent->>'channel', (consent->>'givenAt')::timestamptz,
             jsonb_build_object('migrated', 'applications.consent', 'applicationId', id)
        FROM applications WHERE consent IS NOT NULL
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO privacy_consents (id, subject_kind, subject_id, client_id, purpose, text_version, channel, given_at, evidence)
      SELECT gen_random_uuid(), 'telegram_chat', integration_id::text || ':' || chat_id::text, NULL, 'intake',
             coalesce(consent_text_version, '1'), 'telegram', consent_given_at,
             jsonb_build_object('migrated', 'telegram_chats', 'integrationId', integration_id, 'chatId', chat_id)
        FROM telegram_chats WHERE consent_given_at IS NOT NULL
      ON CONFLICT DO NOTHING`);
    // an application whose personal data was destroyed (retention, destruction) is not picked again
    await q.query(`ALTER TABLE applications ADD COLUMN erased_at timestamptz`);
    await q.query(
      `CREATE INDEX applications_retention ON applications (created_at, id) WHERE status <> 'converted' AND erased_at IS NULL`,
    );
    // a chat whose consent was withdrawn (/stop) gets no more messages
    await q.query(`ALTER TABLE telegram_chats ADD COLUMN stopped_at timestamptz`);

    await q.query(`CREATE SEQUENCE privacy_pseudonym_seq`);
    await q.query(`
      CREATE TABLE privacy_destructions (
        id               uuid PRIMARY KEY,
        client_id        uuid NOT NULL UNIQUE,
        pseudonym        text NOT NULL,
        reason           text NOT NULL,
        basis            text NOT NULL,
        categories       text[] NOT NULL,
        kept             text[] NOT NULL,
        act_document_id  uuid,
        performed_by     uuid REFERENCES users (id),
        performed_at     timestamptz NOT NULL,
        keep_until       date NOT NULL
      )`);

    await q.query(`
      CREATE TABLE privacy_calendar_days (
        day   date PRIMARY KEY,
        kind  text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        note  text NOT NULL DEFAULT ''
      )`);
    // Production calendar of the Russian Federation for 2026 (Government decree of 24.09.2025 No. 1466):
    // public holidays and transferred days off; 2026 has no working Saturday.
    const holidays: Array<[string, string]> = [
      ['2026-01-01', 'Новогодние каникулы'],
      ['2026-01-02', 'Новогодние каникулы'],
      ['2026-01-05', 'Новогодние каникулы'],
      ['2026-01-06', 'Новогодние каникулы'],
      ['2026-01-07', 'Рождество Христово'],
      ['2026-01-08', 'Новогодние каникулы'],
      ['2026-01-09', 'Перенос с 3 января'],
      ['2026-02-23', 'День защитника Отечества'],
      ['2026-03-09', 'Перенос с 8 марта'],
      ['2026-05-01', 'Праздник Весны и Труда'],
      ['2026-05-11', 'Перенос с 9 мая'],
      ['2026-06-12', 'День России'],
      ['2026-11-04', 'День народного единства'],
      ['2026-12-31', 'Перенос с 4 января'],
    ];
    for (const [day, note] of holidays) {
      await q.query(`INSERT INTO privacy_calendar_days (day, kind, note) VALUES ($1, 'holiday', $2)`, [
        day,
        note,
      ]);
    }

    await q.query(`
      CREATE TABLE privacy_requests (
        id                uuid PRIMARY KEY,
        kind              text NOT NULL CHECK (kind IN ('access', 'correction', 'destruction', 'withdrawal')),
        client_id         uuid,
        channel           text NOT NULL,
        received_at       timestamptz NOT NULL,
        due_on            date NOT NULL,
        extended          boolean NOT NULL DEFAULT false,
        extension_reason  text,
        status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'refused')),
        answer            text,
        closed_at         timestamptz,
        reminded_at       timestamptz,
        created_by        uuid REFERENCES users (id),
        created_at        timestamptz NOT NULL DEFAULT now(),
        version           integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX privacy_requests_open_due ON privacy_requests (due_on, id) WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX privacy_requests_received ON privacy_requests (received_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE privacy_incidents (
        id                    uuid PRIMARY KEY,
        description           text NOT NULL,
        detected_at           timestamptz NOT NULL,
        categories            text[] NOT NULL,
        approximate_subjects  integer NOT NULL CHECK (approximate_subjects >= 0),
        first_notice_due      timestamptz NOT NULL,
        results_due           timestamptz NOT NULL,
        first_notice_at       timestamptz,
        results_at            timestamptz,
        first_reminded_at     timestamptz,
        results_reminded_at   timestamptz,
        created_by            uuid REFERENCES users (id),
        created_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX privacy_incidents_detected ON privacy_incidents (detected_at DESC, id DESC)`);

    // audit: hash scheme 2 hashes a digest of the diff, so a redacted diff keeps the chain verifiable
    await q.query(`ALTER TABLE audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN diff_sha256 text`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN redacted_at timestamptz`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 2`);
    // still append-only, with one exception: redacting the diff of a scheme-2 entry (its digest,
    // hash and every other column unchanged), which is what destruction under 152-FZ does
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash_version = 2 AND NEW.redacted_at IS NOT NULL
           AND NEW.id = OLD.id AND NEW.seq = OLD.seq AND NEW.ts = OLD.ts
           AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.role = OLD.role AND NEW.action = OLD.action
           AND NEW.entity = OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
           AND NEW.correlation_id IS NOT DISTINCT FROM OLD.correlation_id
           AND NEW.event_id IS NOT DISTINCT FROM OLD.event_id AND NEW.prev_hash = OLD.prev_hash
           AND NEW.hash = OLD.hash AND NEW.hash_version = OLD.hash_version
           AND NEW.diff_sha256 IS NOT DISTINCT FROM OLD.diff_sha256 THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);

    // documents: the act of destruction belongs to no order
    await q.query(`ALTER TABLE documents ALTER COLUMN order_id DROP NOT NULL`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_type_check`);
    await q.query(
      `ALTER TABLE documents ADD CONSTRAINT documents_type_check
         CHECK (type IN ('contract', 'invoice', 'act', 'proposal', 'destruction_act'))`,
    );
    await q.query(
      `ALTER TABLE documents ADD CONSTRAINT documents_order_required CHECK (order_id IS NOT NULL OR type = 'destruction_act')`,
    );
    await q.query(`ALTER TABLE document_templates DROP CONSTRAINT document_templates_type_check`);
    await q.query(
      `ALTER TABLE document_templates ADD CONSTRAINT document_templates_type_check
         CHECK (type IN ('contract', 'invoice', 'act', 'proposal', 'agent_report', 'destruction_act', 'personal_data_report'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM document_templates WHERE type IN ('destruction_act', 'personal_data_report')`);
    await q.query(`ALTER TABLE document_templates DROP CONSTRAINT document_templates_type_check`);
    await q.query(
      `ALTER TABLE document_templates ADD CONSTRAINT document_templates_type_check
         CHECK (type IN ('contract', 'invoice', 'act', 'proposal', 'agent_report'))`,
    );
    await q.query(
      `DELETE FROM document_versions WHERE document_id IN (SELECT id FROM documents WHERE type = 'destruction_act')`,
    );
    await q.query(`DELETE FROM documents WHERE type = 'destruction_act'`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_order_required`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_type_check`);
    await q.query(
      `ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN ('contract', 'invoice', 'act', 'proposal'))`,
    );
    await q.query(`ALTER TABLE documents ALTER COLUMN order_id SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN redacted_at`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN diff_sha256`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN hash_version`);
    await q.query(`DROP TABLE privacy_incidents`);
    await q.query(`DROP TABLE privacy_requests`);
    await q.query(`DROP TABLE privacy_calendar_days`);
    await q.query(`DROP TABLE privacy_destructions`);
    await q.query(`DROP SEQUENCE privacy_pseudonym_seq`);
    await q.query(`ALTER TABLE telegram_chats DROP COLUMN stopped_at`);
    await q.query(`DROP INDEX applications_retention`);
    await q.query(`ALTER TABLE applications DROP COLUMN erased_at`);
    await q.query(`DROP TABLE privacy_consents`);
    await q.query(`DROP TABLE privacy_consent_texts`);
  }
}
