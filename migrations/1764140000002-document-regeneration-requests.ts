import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coalesced document regeneration: order events ask for a regeneration of the order's documents
 * (one row per order, renewed by every further event); a background worker renders once the
 * row has been quiet for a short window, outside the relay's transaction.
 */
export class DocumentRegenerationRequests1764140000002 implements MigrationInterface {
  name = 'DocumentRegenerationRequests1764140000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_regeneration_requests (
        order_id           uuid PRIMARY KEY,
        first_requested_at timestamptz NOT NULL DEFAULT now(),
        due_at             timestamptz NOT NULL,
        requests           integer NOT NULL DEFAULT 1,
        cause              text NOT NULL,
        cause_event_id     uuid NOT NULL,
        actor              jsonb NOT NULL,
        token              uuid NOT NULL,
        attempts           integer NOT NULL DEFAULT 0,
        leased_until       timestamptz,
        last_error         text
      )`);
    await q.query(
      `CREATE INDEX document_regeneration_requests_due ON document_regeneration_requests (due_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_regeneration_requests`);
  }
}
