import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `expect_updated(updated, tbl, row_id)`: the optimistic version check of a write, made by the
 * statement itself (issue 18). A row update that found its row at another version counted 0 rows;
 * the repository used to wait for that count before it could send the COMMIT (one round trip more
 * per command, with the row lock held through it). Wrapped as
 * `WITH updated AS (UPDATE … WHERE id = $1 AND version = $2 RETURNING 1)
 *  SELECT expect_updated((SELECT count(*) FROM updated), 'orders', $1)`,
 * a moved version fails the statement, and with it the transaction, with SQLSTATE CR409 and the
 * row's current version in DETAIL ('none' when the row is gone): the check, the other writes and the
 * COMMIT go out together, and the unit of work turns the error into the command's ConcurrencyError.
 */
export class ExpectUpdated1764230000001 implements MigrationInterface {
  name = 'ExpectUpdated1764230000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION expect_updated(updated bigint, tbl text, row_id uuid) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        current_version integer;
      BEGIN
        IF updated = 1 THEN
          RETURN;
        END IF;
        EXECUTE format('SELECT version FROM %I WHERE id = $1', tbl) INTO current_version USING row_id;
        RAISE EXCEPTION '% % was changed by someone else', tbl, row_id
          USING ERRCODE = 'CR409', DETAIL = coalesce(current_version::text, 'none');
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION expect_updated(bigint, text, uuid)`);
  }
}
