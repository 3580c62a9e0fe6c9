import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox_deliver_fresh(ids)`: the after-commit delivery's claim (issue 18). It takes the events of
 * `ids` that no delivery has ever touched (pending, never leased, never failed: no inbox row can
 * exist for them) and marks them delivered in the same statement, inside the transaction that then
 * applies them to every subscriber. The claim is the row lock, held until that transaction ends;
 * a rollback leaves the events pending and unleased, and other claims skip them while it runs
 * (`FOR UPDATE SKIP LOCKED`). The events it leaves out (leased by another process, failed before,
 * already delivered) go the leased way (`outbox_claim_ids`, inbox rows per subscriber).
 *
 * Before, each after-commit batch was a claim of its own (a lease written and committed: one more
 * version of every row, a WAL flush), then the delivery with one inbox row per subscriber and
 * event, then the delivered mark. Same settings as the other claims (migration 1764200000001):
 * index scans only.
 */
const HEAD = `outbox_deliver_fresh(ids uuid[]) RETURNS SETOF outbox`;

export class OutboxDeliverFresh1764220000001 implements MigrationInterface {
  name = 'OutboxDeliverFresh1764220000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ${HEAD}
      LANGUAGE plpgsql VOLATILE SET enable_bitmapscan = off SET enable_seqscan = off AS $$
      BEGIN
        RETURN QUERY
        UPDATE outbox SET status = 'delivered', delivered_at = now(), last_error = NULL
         WHERE id IN (SELECT id FROM outbox
                       WHERE id = ANY(ids) AND status = 'pending' AND attempts = 0 AND locked_until IS NULL
                       FOR UPDATE SKIP LOCKED)
        RETURNING *;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION outbox_deliver_fresh(uuid[])`);
  }
}
