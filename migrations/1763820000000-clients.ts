import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients: names in the clear (search, documents), personal data as one AES-256-GCM value per row
 * (`pii`, with the id of the key that sealed it in `key_id`), and blind indexes (HMAC-SHA256 of
 * normalised e-mails, phones and passports) for exact search and de-duplication.
 */
export class Clients1763820000000 implements MigrationInterface {
  name = 'Clients1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE clients (
        id          uuid PRIMARY KEY,
        full_name   text NOT NULL,
        latin_name  text,
        search_name text NOT NULL,
        pii         text,
        key_id      text,
        consent     jsonb,
        created_by  uuid REFERENCES users (id),
        updated_by  uuid REFERENCES users (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer NOT NULL DEFAULT 1,
        merged_into uuid REFERENCES clients (id),
        deleted_at  timestamptz,
        CONSTRAINT clients_pii_key CHECK ((pii IS NULL) = (key_id IS NULL))
      )`);
    await q.query(
      `CREATE INDEX clients_search_name_trgm ON clients USING gin (search_name gin_trgm_ops)
        WHERE deleted_at IS NULL AND merged_into IS NULL`,
    );
    await q.query(
      `CREATE INDEX clients_live_created ON clients (created_at, id) WHERE deleted_at IS NULL AND merged_into IS NULL`,
    );
    await q.query(
      `CREATE INDEX clients_live_updated ON clients (updated_at, id) WHERE deleted_at IS NULL AND merged_into IS NULL`,
    );
    await q.query(
      `CREATE INDEX clients_live_name ON clients (search_name, id) WHERE deleted_at IS NULL AND merged_into IS NULL`,
    );
    await q.query(`CREATE INDEX clients_key_id ON clients (key_id) WHERE key_id IS NOT NULL`);
    await q.query(`CREATE INDEX clients_merged_into ON clients (merged_into) WHERE merged_into IS NOT NULL`);

    // Only live clients have rows here: deleting or merging a client removes its identifiers.
    await q.query(`
      CREATE TABLE client_identifiers (
        kind      text NOT NULL CHECK (kind IN ('email', 'phone', 'passport')),
        hash      text NOT NULL,
        client_id uuid NOT NULL REFERENCES clients (id),
        PRIMARY KEY (kind, hash, client_id)
      )`);
    await q.query(`CREATE INDEX client_identifiers_client ON client_identifiers (client_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE client_identifiers`);
    await q.query(`DROP TABLE clients`);
  }
}
