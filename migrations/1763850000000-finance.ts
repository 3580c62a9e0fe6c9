import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finance: exchange rates (roubles per unit, manual or CBR), payments (append-only: a cancellation
 * is a reversal row linked both ways), and `finance_orders` — finance's own copy of the order
 * figures it needs (kept from `orders.*` events through the orders module's query) together with
 * the running client / supplier sums. That row is the order's balance row: payment commands lock
 * it FOR UPDATE, so concurrent payments serialise per order and the sums stay exact.
 */
export class Finance1763850000000 implements MigrationInterface {
  name = 'Finance1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rates (
        currency   char(3) NOT NULL,
        date       date NOT NULL,
        rate       numeric(18,8) NOT NULL CHECK (rate > 0),
        source     text NOT NULL CHECK (source IN ('manual', 'cbr')),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (currency, date)
      )`);

    await q.query(`
      CREATE TABLE finance_orders (
        order_id          uuid PRIMARY KEY,
        number            text NOT NULL,
        status            text NOT NULL,
        currency          char(3) NOT NULL,
        client_id         uuid NOT NULL,
        manager_id        uuid,
        deadline          timestamptz,
        order_created_at  timestamptz NOT NULL,
        total_amount      numeric(14,2) NOT NULL DEFAULT 0,
        commission        numeric(14,2) NOT NULL DEFAULT 0,
        supplier_cost     numeric(14,2) NOT NULL DEFAULT 0,
        order_version     integer NOT NULL DEFAULT 0,
        deleted           boolean NOT NULL DEFAULT false,
        paid              numeric(14,2) NOT NULL DEFAULT 0,
        refunded          numeric(14,2) NOT NULL DEFAULT 0,
        supplier_paid     numeric(14,2) NOT NULL DEFAULT 0,
        supplier_refunded numeric(14,2) NOT NULL DEFAULT 0,
        fx_difference     numeric(14,2) NOT NULL DEFAULT 0,
        due               numeric(14,2) GENERATED ALWAYS AS (total_amount - paid + refunded) STORED,
        supplier_due      numeric(14,2) GENERATED ALWAYS AS (supplier_cost - supplier_paid + supplier_refunded) STORED,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    const live = `WHERE NOT deleted`;
    await q.query(`CREATE INDEX finance_orders_client ON finance_orders (client_id) ${live}`);
    await q.query(
      `CREATE INDEX finance_orders_manager ON finance_orders (manager_id, order_created_at) ${live}`,
    );
    await q.query(
      `CREATE INDEX finance_orders_created ON finance_orders (order_created_at, order_id) ${live}`,
    );
    await q.query(`CREATE INDEX finance_orders_status ON finance_orders (status, order_created_at) ${live}`);
    await q.query(
      `CREATE INDEX finance_orders_debts ON finance_orders (due DESC, order_id) ${live} AND status <> 'cancelled' AND due > 0`,
    );
    await q.query(
      `CREATE INDEX finance_orders_payables ON finance_orders (supplier_due DESC, order_id) ${live} AND supplier_due > 0`,
    );

    await q.query(`
      CREATE TABLE payments (
        id                       uuid PRIMARY KEY,
        order_id                 uuid NOT NULL,
        type                     text NOT NULL CHECK (type IN ('payment', 'refund', 'supplier_payment', 'supplier_refund')),
        amount                   numeric(14,2) NOT NULL,
        currency                 char(3) NOT NULL,
        rate                     numeric(18,8) NOT NULL CHECK (rate > 0),
        rate_source              text NOT NULL CHECK (rate_source IN ('manual', 'cbr', 'parity')),
        rate_date                date,
        order_currency           char(3) NOT NULL,
        amount_in_order_currency numeric(14,2) NOT NULL,
        order_rate               numeric(18,8),
        fx_difference            numeric(14,2) NOT NULL DEFAULT 0,
        method                   text NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'online')),
        reference                text,
        note                     text,
        service_id               uuid,
        supplier                 text,
        paid_at                  timestamptz NOT NULL,
        reversal_of              uuid UNIQUE REFERENCES payments (id),
        cancelled_by             uuid REFERENCES payments (id),
        cancelled_at             timestamptz,
        cancel_reason            text,
        created_by               uuid,
        created_at               timestamptz NOT NULL DEFAULT now(),
        CHECK ((reversal_of IS NULL AND amount > 0) OR (reversal_of IS NOT NULL AND amount < 0))
      )`);
    await q.query(`CREATE INDEX payments_order ON payments (order_id, paid_at, id)`);
    await q.query(`CREATE INDEX payments_paid_at ON payments (paid_at, id)`);
    await q.query(`CREATE INDEX payments_type ON payments (type, paid_at)`);
    await q.query(`CREATE INDEX payments_created_by ON payments (created_by, paid_at)`);
    await q.query(`CREATE INDEX payments_service ON payments (service_id) WHERE service_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE finance_orders`);
    await q.query(`DROP TABLE rates`);
  }
}
