import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The after-commit write path made independent of VACUUM and of batch size (issue 18).
 *
 * 1. The outbox claims walk an index, never a bitmap. Every delivered event leaves a dead entry in
 *    the `status = 'pending'` partial indexes until VACUUM runs. A bitmap scan visits the heap for
 *    every one of them on every claim: 26–77 ms per claim on a table with 20–50k undelivered-then-
 *    delivered rows, and autovacuum only starts at 20 % dead rows (and is off on some servers). A
 *    plain index scan marks the entries of dead rows as it passes them (btree "kill_prior_tuple"),
 *    so the next claim skips them without a heap visit: 77 ms, then 7 ms, then 0.1 ms. The claims
 *    are SQL functions with bitmap scans, sequential scans and sorts off for their duration only:
 *    the planner cannot estimate `next_attempt_at <= now()` and, left to itself, reads the whole
 *    backlog (or the whole table) and sorts it (outbox-claim.int-spec shows the plans).
 *    The pending index is in delivery order (`seq`), so a claim reads its batch and stops: with the
 *    old `(next_attempt_at, seq)` index it read and sorted every due row (32 ms with 3,700 pending).
 * 2. The outbox leaves room on each page (fillfactor 70): the claim changes only `locked_until`,
 *    which no index covers, so with room on the page it is a HOT update that writes no index entry
 *    (the table has six indexes).
 * 3. The finance running totals are kept per statement, not per row: one upsert per payer/currency
 *    and per debt side/currency/manager that a statement changed, from its transition tables,
 *    instead of two to four upserts of the same hot rows per changed order (29 ms for a batch of
 *    23 orders). A change that moves no total (only the version) touches no total row.
 */
export class WritePathSetBased1764200000001 implements MigrationInterface {
  name = 'WritePathSetBased1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox SET (fillfactor = 70)`);
    // in delivery order: a claim reads the first `batch` pending rows, not every due row then a sort
    // (the old (next_attempt_at, seq) index made each claim read and sort the whole backlog)
    await q.query(`CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending'`);
    await q.query(`DROP INDEX outbox_due`);
    await q.query(`
      CREATE FUNCTION outbox_claim_due(batch integer, lease_seconds integer) RETURNS SETOF outbox
      LANGUAGE sql VOLATILE SET enable_bitmapscan = off SET enable_seqscan = off SET enable_sort = off AS $$
        UPDATE outbox SET locked_until = now() + make_interval(secs => lease_seconds)
         WHERE id IN (SELECT id FROM outbox
                       WHERE status = 'pending' AND next_attempt_at <= now()
                         AND (locked_until IS NULL OR locked_until < now())
                       ORDER BY seq LIMIT batch
                       FOR UPDATE SKIP LOCKED)
        RETURNING *
      $$`);
    await q.query(`
      CREATE FUNCTION outbox_claim_ids(ids uuid[], lease_seconds integer) RETURNS SETOF outbox
      LANGUAGE sql VOLATILE SET enable_bitmapscan = off SET enable_seqscan = off AS $$
        UPDATE outbox SET locked_until = now() + make_interval(secs => lease_seconds)
         WHERE id IN (SELECT id FROM outbox
                       WHERE id = ANY(ids) AND status = 'pending'
                         AND (locked_until IS NULL OR locked_until < now())
                       FOR UPDATE SKIP LOCKED)
        RETURNING *
      $$`);
    await q.query(`
      CREATE FUNCTION outbox_renew_leases(ids uuid[], lease_seconds integer) RETURNS integer
      LANGUAGE sql VOLATILE SET enable_bitmapscan = off SET enable_seqscan = off AS $$
        WITH renewed AS (
          UPDATE outbox SET locked_until = now() + make_interval(secs => lease_seconds)
           WHERE id = ANY(ids) AND status = 'pending' AND locked_until IS NOT NULL
          RETURNING 1)
        SELECT count(*)::integer FROM renewed
      $$`);

    await q.query(`DROP TRIGGER finance_client_totals ON finance_orders`);
    await q.query(`DROP FUNCTION finance_client_totals_apply()`);
    await q.query(`DROP FUNCTION finance_debt_totals_add(text, char(3), uuid, integer, numeric)`);
    // One function for the three statement triggers: a PL/pgSQL statement is planned when first
    // run, so each branch only names the transition tables its trigger has.
    await q.query(`
      CREATE FUNCTION finance_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM finance_totals_add(ARRAY[]::finance_orders[], (SELECT coalesce(array_agg(n::finance_orders), '{}') FROM new_rows n));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM finance_totals_add((SELECT coalesce(array_agg(o::finance_orders), '{}') FROM old_rows o),
                                     (SELECT coalesce(array_agg(n::finance_orders), '{}') FROM new_rows n));
        ELSE
          PERFORM finance_totals_add((SELECT coalesce(array_agg(o::finance_orders), '{}') FROM old_rows o), ARRAY[]::finance_orders[]);
        END IF;
        RETURN NULL;
      END $$`);
    // The net change of a statement: what the old rows counted comes off, what the new rows count
    // goes on, summed per total row; rows whose sums are all zero are left untouched. Upserted in
    // key order, so two statements on the same rows lock them in the same order.
    await q.query(`
      CREATE FUNCTION finance_totals_add(old_rows finance_orders[], new_rows finance_orders[]) RETURNS void
      LANGUAGE sql AS $$
        WITH o AS (SELECT * FROM unnest(old_rows)), n AS (SELECT * FROM unnest(new_rows)),
        d AS (
          SELECT client_id, currency, -1 AS orders, -total_amount AS turnover, -(paid - refunded) AS paid,
                 -greatest(due, 0) AS debt
            FROM o WHERE NOT deleted AND status <> 'cancelled'
          UNION ALL
          SELECT client_id, currency, 1, total_amount, paid - refunded, greatest(due, 0)
            FROM n WHERE NOT deleted AND status <> 'cancelled')
        INSERT INTO finance_client_totals AS t (client_id, currency, orders, turnover, paid, debt)
        SELECT client_id, currency, sum(orders), sum(turnover), sum(paid), sum(debt)
          FROM d GROUP BY client_id, currency
        HAVING sum(orders) <> 0 OR sum(turnover) <> 0 OR sum(paid) <> 0 OR sum(debt) <> 0
         ORDER BY client_id, currency
        ON CONFLICT (client_id, currency) DO UPDATE
          SET orders = t.orders + EXCLUDED.orders, turnover = t.turnover + EXCLUDED.turnover,
              paid = t.paid + EXCLUDED.paid, debt = t.debt + EXCLUDED.debt;

        WITH o AS (SELECT * FROM unnest(old_rows)), n AS (SELECT * FROM unnest(new_rows)),
        d AS (
          SELECT 'clients' AS side, currency, manager_id, -1 AS orders, -due AS due
            FROM o WHERE NOT deleted AND status <> 'cancelled' AND due > 0
          UNION ALL
          SELECT 'suppliers', currency, manager_id, -1, -supplier_due FROM o WHERE NOT deleted AND supplier_due > 0
          UNION ALL
          SELECT 'clients', currency, manager_id, 1, due
            FROM n WHERE NOT deleted AND status <> 'cancelled' AND due > 0
          UNION ALL
          SELECT 'suppliers', currency, manager_id, 1, supplier_due FROM n WHERE NOT deleted AND supplier_due > 0)
        INSERT INTO finance_debt_totals AS t (side, currency, manager_id, orders, due)
        SELECT side, currency, COALESCE(manager_id, '00000000-0000-0000-0000-000000000000'), sum(orders), sum(due)
          FROM d GROUP BY 1, 2, 3
        HAVING sum(orders) <> 0 OR sum(due) <> 0
         ORDER BY 1, 2, 3
        ON CONFLICT (side, currency, manager_id) DO UPDATE SET orders = t.orders + EXCLUDED.orders, due = t.due + EXCLUDED.due
      $$`);
    await q.query(`
      CREATE TRIGGER finance_totals_insert AFTER INSERT ON finance_orders
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION finance_totals_apply()`);
    await q.query(`
      CREATE TRIGGER finance_totals_update AFTER UPDATE ON finance_orders
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION finance_totals_apply()`);
    await q.query(`
      CREATE TRIGGER finance_totals_delete AFTER DELETE ON finance_orders
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION finance_totals_apply()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['insert', 'update', 'delete'])
      await q.query(`DROP TRIGGER finance_totals_${t} ON finance_orders`);
    await q.query(`DROP FUNCTION finance_totals_apply()`);
    await q.query(`DROP FUNCTION finance_totals_add(finance_orders[], finance_orders[])`);
    await q.query(`
      CREATE FUNCTION finance_debt_totals_add(s text, cur char(3), manager uuid, n integer, amount numeric)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO finance_debt_totals AS t (side, currency, manager_id, orders, due)
        VALUES (s, cur, COALESCE(manager, '00000000-0000-0000-0000-000000000000'), n, amount)
        ON CONFLICT (side, currency, manager_id) DO UPDATE SET orders = t.orders + n, due = t.due + amount
      $$`);
    await q.query(`
      CREATE FUNCTION finance_client_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.deleted AND OLD.status <> 'cancelled' AND OLD.due > 0 THEN
          PERFORM finance_debt_totals_add('clients', OLD.currency, OLD.manager_id, -1, -OLD.due);
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.deleted AND OLD.supplier_due > 0 THEN
          PERFORM finance_debt_totals_add('suppliers', OLD.currency, OLD.manager_id, -1, -OLD.supplier_due);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.deleted AND NEW.status <> 'cancelled' AND NEW.due > 0 THEN
          PERFORM finance_debt_totals_add('clients', NEW.currency, NEW.manager_id, 1, NEW.due);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.deleted AND NEW.supplier_due > 0 THEN
          PERFORM finance_debt_totals_add('suppliers', NEW.currency, NEW.manager_id, 1, NEW.supplier_due);
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.deleted AND OLD.status <> 'cancelled' THEN
          UPDATE finance_client_totals
             SET orders = orders - 1, turnover = turnover - OLD.total_amount,
                 paid = paid - (OLD.paid - OLD.refunded), debt = debt - greatest(OLD.due, 0)
           WHERE client_id = OLD.client_id AND currency = OLD.currency;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.deleted AND NEW.status <> 'cancelled' THEN
          INSERT INTO finance_client_totals AS t (client_id, currency, orders, turnover, paid, debt)
          VALUES (NEW.client_id, NEW.currency, 1, NEW.total_amount, NEW.paid - NEW.refunded, greatest(NEW.due, 0))
          ON CONFLICT (client_id, currency) DO UPDATE
            SET orders = t.orders + 1, turnover = t.turnover + EXCLUDED.turnover,
                paid = t.paid + EXCLUDED.paid, debt = t.debt + EXCLUDED.debt;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER finance_client_totals AFTER INSERT OR UPDATE OR DELETE ON finance_orders
        FOR EACH ROW EXECUTE FUNCTION finance_client_totals_apply()`);
    await q.query(`DROP FUNCTION outbox_renew_leases(uuid[], integer)`);
    await q.query(`DROP FUNCTION outbox_claim_ids(uuid[], integer)`);
    await q.query(`DROP FUNCTION outbox_claim_due(integer, integer)`);
    await q.query(`CREATE INDEX outbox_due ON outbox (next_attempt_at, seq) WHERE status = 'pending'`);
    await q.query(`DROP INDEX outbox_pending`);
    await q.query(`ALTER TABLE outbox RESET (fillfactor)`);
  }
}
