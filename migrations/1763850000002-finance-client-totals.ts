import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running totals kept by a trigger on `finance_orders` in the same transaction as each change:
 * per payer and currency (orders, turnover, net paid, debt of live, non-cancelled orders) and per
 * debt side, currency and manager (how many orders owe, and how much). The by-client and debts
 * reports read these few rows for their totals instead of aggregating every order.
 */
export class FinanceClientTotals1763850000002 implements MigrationInterface {
  name = 'FinanceClientTotals1763850000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE finance_client_totals (
        client_id uuid NOT NULL,
        currency  char(3) NOT NULL,
        orders    integer NOT NULL DEFAULT 0,
        turnover  numeric(18,2) NOT NULL DEFAULT 0,
        paid      numeric(18,2) NOT NULL DEFAULT 0,
        debt      numeric(18,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (client_id, currency)
      )`);
    for (const c of ['turnover', 'debt', 'paid', 'orders']) {
      await q.query(
        `CREATE INDEX finance_client_totals_${c} ON finance_client_totals (${c} DESC, client_id, currency) WHERE orders > 0`,
      );
    }
    await q.query(`
      CREATE TABLE finance_debt_totals (
        side       text NOT NULL CHECK (side IN ('clients', 'suppliers')),
        currency   char(3) NOT NULL,
        manager_id uuid NOT NULL,
        orders     integer NOT NULL DEFAULT 0,
        due        numeric(18,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (side, currency, manager_id)
      )`);
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
    await q.query(`
      INSERT INTO finance_client_totals (client_id, currency, orders, turnover, paid, debt)
      SELECT client_id, currency, count(*), sum(total_amount), sum(paid - refunded), sum(greatest(due, 0))
        FROM finance_orders WHERE NOT deleted AND status <> 'cancelled' GROUP BY client_id, currency`);
    await q.query(`
      INSERT INTO finance_debt_totals (side, currency, manager_id, orders, due)
      SELECT 'clients', currency, COALESCE(manager_id, '00000000-0000-0000-0000-000000000000'), count(*), sum(due)
        FROM finance_orders WHERE NOT deleted AND status <> 'cancelled' AND due > 0 GROUP BY 1, 2, 3
      UNION ALL
      SELECT 'suppliers', currency, COALESCE(manager_id, '00000000-0000-0000-0000-000000000000'), count(*),
             sum(supplier_due)
        FROM finance_orders WHERE NOT deleted AND supplier_due > 0 GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER finance_client_totals ON finance_orders`);
    await q.query(`DROP FUNCTION finance_client_totals_apply()`);
    await q.query(`DROP FUNCTION finance_debt_totals_add(text, char(3), uuid, integer, numeric)`);
    await q.query(`DROP TABLE finance_debt_totals`);
    await q.query(`DROP TABLE finance_client_totals`);
  }
}
