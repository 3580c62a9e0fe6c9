import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The functions every delivered batch calls, in PL/pgSQL instead of SQL (issue 18).
 *
 * PostgreSQL 15 plans the body of a `LANGUAGE sql` function that it cannot inline (one with `SET`
 * options or a data-modifying body never is) on every call, for parameters whose values it does not
 * look at. PL/pgSQL plans a statement with the call's values while a generic plan would cost more,
 * and keeps what it can for the session. Measured by bench/database/hot-functions.bench.js (one
 * connection, the before taken from this migration's down() in the same run, BENCHMARKS.md):
 * - `outbox_claim_due(250)` with 51,000 events pending (an import's backlog): 64–68 ms a call →
 *   8–11 ms. Planned for an unknown LIMIT (a tenth of the pending rows, 5,138), the SQL body
 *   hash-joined the whole primary key of the outbox instead of looking 250 rows up.
 * - The finance upsert of one order, its statement triggers included: 3.0–3.5 ms → 1.0–2.3 ms (0.8
 *   ms with the triggers disabled); of 25 orders 4.6–6.0 → 2.4–4.3 ms. Its two statements were
 *   planned twice per upsert: for the INSERT trigger, with no row, and for the UPDATE trigger. An
 *   empty change is now skipped before any statement runs.
 * - `outbox_claim_ids` of 50 ids: no difference measured (1.9–2.7 ms against 2.1).
 *
 * The bodies are otherwise unchanged, and so are their `SET` options, which apply while a plan is
 * made (outbox-claim.int-spec plans the statements custom and generic).
 */
const CLAIM_DUE = `
  UPDATE outbox SET locked_until = now() + make_interval(secs => lease_seconds)
   WHERE id IN (SELECT id FROM outbox
                 WHERE status = 'pending' AND next_attempt_at <= now()
                   AND (locked_until IS NULL OR locked_until < now())
                 ORDER BY seq LIMIT batch
                 FOR UPDATE SKIP LOCKED)
  RETURNING *`;

const CLAIM_IDS = `
  UPDATE outbox SET locked_until = now() + make_interval(secs => lease_seconds)
   WHERE id IN (SELECT id FROM outbox
                 WHERE id = ANY(ids) AND status = 'pending'
                   AND (locked_until IS NULL OR locked_until < now())
                 FOR UPDATE SKIP LOCKED)
  RETURNING *`;

const RENEW_LEASES = `
  UPDATE outbox SET locked_until = now() + make_interval(secs => lease_seconds)
   WHERE id = ANY(ids) AND status = 'pending' AND locked_until IS NOT NULL`;

const INDEX_ONLY = `SET enable_bitmapscan = off SET enable_seqscan = off`;
/** The claims: signature, settings, statement. */
const CLAIMS: Array<[string, string, string]> = [
  [
    `outbox_claim_due(batch integer, lease_seconds integer) RETURNS SETOF outbox`,
    `${INDEX_ONLY} SET enable_sort = off`,
    CLAIM_DUE,
  ],
  [`outbox_claim_ids(ids uuid[], lease_seconds integer) RETURNS SETOF outbox`, INDEX_ONLY, CLAIM_IDS],
];
const RENEW_HEAD = `outbox_renew_leases(ids uuid[], lease_seconds integer) RETURNS integer`;

/** The net change of a statement on finance_orders to the running totals (two upserts). */
const TOTALS_ADD = `
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
  ON CONFLICT (side, currency, manager_id) DO UPDATE SET orders = t.orders + EXCLUDED.orders, due = t.due + EXCLUDED.due`;

const TOTALS_ADD_HEAD = `finance_totals_add(old_rows finance_orders[], new_rows finance_orders[]) RETURNS void`;

export class HotFunctionsPlpgsql1764210000001 implements MigrationInterface {
  name = 'HotFunctionsPlpgsql1764210000001';

  async up(q: QueryRunner): Promise<void> {
    for (const [head, options, statement] of CLAIMS)
      await q.query(`
        CREATE OR REPLACE FUNCTION ${head} LANGUAGE plpgsql VOLATILE ${options} AS $$
        BEGIN
          RETURN QUERY ${statement};
        END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION ${RENEW_HEAD}
      LANGUAGE plpgsql VOLATILE ${INDEX_ONLY} AS $$
      DECLARE renewed integer;
      BEGIN
        ${RENEW_LEASES};
        GET DIAGNOSTICS renewed = ROW_COUNT;
        RETURN renewed;
      END $$`);
    // the INSERT of an upsert that only updated fires its trigger with no row: nothing to add
    await q.query(`
      CREATE OR REPLACE FUNCTION ${TOTALS_ADD_HEAD}
      LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(old_rows) = 0 AND cardinality(new_rows) = 0 THEN
          RETURN;
        END IF;
        ${TOTALS_ADD};
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [head, options, statement] of CLAIMS)
      await q.query(
        `CREATE OR REPLACE FUNCTION ${head} LANGUAGE sql VOLATILE ${options} AS $$ ${statement} $$`,
      );
    await q.query(`
      CREATE OR REPLACE FUNCTION ${RENEW_HEAD}
      LANGUAGE sql VOLATILE ${INDEX_ONLY} AS $$
        WITH renewed AS (${RENEW_LEASES} RETURNING 1)
        SELECT count(*)::integer FROM renewed
      $$`);
    await q.query(`CREATE OR REPLACE FUNCTION ${TOTALS_ADD_HEAD} LANGUAGE sql AS $$ ${TOTALS_ADD} $$`);
  }
}
