import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents: versioned templates (one active per type), the agency's requisites, documents with
 * gap-free numbers per type and year, and their rendered versions (files in object storage).
 * Documents refer to orders by id only: deleting an order never deletes issued documents.
 */
export class Documents1763840000000 implements MigrationInterface {
  name = 'Documents1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_templates (
        id           uuid PRIMARY KEY,
        type         text NOT NULL CHECK (type IN ('contract', 'invoice', 'act', 'proposal')),
        version      integer NOT NULL CHECK (version > 0),
        content      jsonb NOT NULL,
        assets       jsonb NOT NULL DEFAULT '{}',
        comment      text NOT NULL DEFAULT '',
        active       boolean NOT NULL DEFAULT false,
        created_by   uuid REFERENCES users (id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        UNIQUE (type, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX document_templates_one_active ON document_templates (type) WHERE active`,
    );
    await q.query(`
      CREATE TABLE agency_settings (
        id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        details    jsonb NOT NULL,
        version    integer NOT NULL DEFAULT 1,
        updated_by uuid REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE document_number_counters (
        type text NOT NULL,
        year integer NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (type, year)
      )`);
    await q.query(`
      CREATE TABLE documents (
        id               uuid PRIMARY KEY,
        type             text NOT NULL CHECK (type IN ('contract', 'invoice', 'act', 'proposal')),
        number           text NOT NULL UNIQUE,
        year             integer NOT NULL,
        sequence         integer NOT NULL,
        order_id         uuid NOT NULL,
        template_type    text NOT NULL,
        template_version integer NOT NULL,
        current_version  integer NOT NULL,
        final            boolean NOT NULL DEFAULT false,
        finalized_at     timestamptz,
        finalized_by     uuid REFERENCES users (id),
        issued_at        timestamptz NOT NULL,
        created_by       uuid REFERENCES users (id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        version          integer NOT NULL DEFAULT 1,
        UNIQUE (type, year, sequence)
      )`);
    await q.query(`CREATE UNIQUE INDEX documents_order_type ON documents (order_id, type)`);
    await q.query(`
      CREATE TABLE document_versions (
        document_id        uuid NOT NULL REFERENCES documents (id),
        n                  integer NOT NULL CHECK (n > 0),
        file_key           text NOT NULL UNIQUE,
        size               integer NOT NULL,
        sha256             text NOT NULL,
        data_sha256        text NOT NULL,
        template_version   integer NOT NULL,
        generated_at       timestamptz NOT NULL,
        generated_by_user  uuid REFERENCES users (id),
        generated_by_event uuid,
        reason             text NOT NULL,
        PRIMARY KEY (document_id, n)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_versions`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE document_number_counters`);
    await q.query(`DROP TABLE agency_settings`);
    await q.query(`DROP TABLE document_templates`);
  }
}
