/**
 * How many rows of the trigger-kept running totals differ from a fresh aggregation of every order
 * (0 when they agree): per payer and currency, and per debt side, currency and manager.
 */
export const CLIENT_TOTALS_DIFF_SQL = `
  WITH kept AS (
    SELECT client_id, currency, orders::bigint, turnover, paid, debt FROM finance_client_totals WHERE orders > 0),
  fresh AS (
    SELECT client_id, currency, count(*), sum(total_amount), sum(paid - refunded), sum(greatest(due, 0))
      FROM finance_orders WHERE NOT deleted AND status <> 'cancelled' GROUP BY 1, 2)
  SELECT count(*)::int AS diff
    FROM ((SELECT * FROM kept EXCEPT SELECT * FROM fresh) UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM kept)) x`;

export const DEBT_TOTALS_DIFF_SQL = `
  WITH kept AS (
    SELECT side, currency, manager_id, orders::bigint, due FROM finance_debt_totals WHERE orders <> 0 OR due <> 0),
  fresh AS (
    SELECT 'clients' AS side, currency, COALESCE(manager_id, '00000000-0000-0000-0000-000000000000'::uuid) AS m,
           count(*), sum(due)
      FROM finance_orders WHERE NOT deleted AND status <> 'cancelled' AND due > 0 GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'suppliers', currency, COALESCE(manager_id, '00000000-0000-0000-0000-000000000000'::uuid), count(*),
           sum(supplier_due)
      FROM finance_orders WHERE NOT deleted AND supplier_due > 0 GROUP BY 1, 2, 3)
  SELECT count(*)::int AS diff
    FROM ((SELECT * FROM kept EXCEPT SELECT * FROM fresh) UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM kept)) x`;
