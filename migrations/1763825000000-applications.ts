import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Applications: requests from channels and staff. The contact and the raw payload are one
 * AES-256-GCM value per row (`pii`, key id in `key_id`). `client_id` and `order_id` point into
 * other modules and carry no foreign key (modules do not share tables); every list filter has an
 * index ordered like the list (newest first).
 */
export class Applications1763825000000 implements MigrationInterface {
  name = 'Applications1763825000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id               uuid PRIMARY KEY,
        source           text NOT NULL CHECK (source IN ('telegram', 'whatsapp', 'email', 'web', 'manual')),
        status           text NOT NULL DEFAULT 'new'
                         CHECK (status IN ('new', 'in_progress', 'converted', 'rejected')),
        text             text,
        pii              text NOT NULL,
        key_id           text NOT NULL,
        attachments      jsonb NOT NULL DEFAULT '[]',
        consent          jsonb,
        client_id        uuid,
        assignee_id      uuid REFERENCES users (id),
        rejection_reason text,
        order_id         uuid,
        created_by       uuid REFERENCES users (id),
        updated_by       uuid REFERENCES users (id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        version          integer NOT NULL DEFAULT 1,
        CONSTRAINT applications_converted_has_order CHECK ((status = 'converted') = (order_id IS NOT NULL)),
        CONSTRAINT applications_rejected_has_reason CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX applications_created ON applications (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX applications_status_created ON applications (status, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX applications_source_created ON applications (source, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX applications_assignee_created ON applications (assignee_id, created_at DESC, id DESC)
        WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX applications_client ON applications (client_id) WHERE client_id IS NOT NULL`);
    await q.query(
      `CREATE UNIQUE INDEX applications_order ON applications (order_id) WHERE order_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX applications_key_id ON applications (key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applications`);
  }
}
