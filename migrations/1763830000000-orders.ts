import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders and their services (one aggregate), the per-year order number counter (gap-free:
 * incremented in the creating transaction, so a rolled-back creation gives its number back), and
 * the `order_timeline` read model kept by the timeline projection.
 */
export class Orders1763830000000 implements MigrationInterface {
  name = 'Orders1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE order_number_counters (
        year integer PRIMARY KEY,
        last integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE orders (
        id             uuid PRIMARY KEY,
        number         text NOT NULL UNIQUE,
        status         text NOT NULL CHECK (status IN ('draft', 'confirmed', 'in_progress', 'completed', 'cancelled')),
        currency       char(3) NOT NULL,
        client_id      uuid NOT NULL,
        payer_name     text NOT NULL DEFAULT '',
        traveller_ids  uuid[] NOT NULL,
        manager_id     uuid,
        deadline       timestamptz,
        note           text,
        application_id uuid,
        cancel_reason  text,
        total_amount   numeric(14,2) NOT NULL DEFAULT 0,
        commission     numeric(14,2) NOT NULL DEFAULT 0,
        supplier_cost  numeric(14,2) NOT NULL DEFAULT 0,
        margin         numeric(14,2) NOT NULL DEFAULT 0,
        conflicts      jsonb NOT NULL DEFAULT '[]',
        search_text    text NOT NULL DEFAULT '',
        created_by     uuid,
        updated_by     uuid,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        integer NOT NULL DEFAULT 1,
        deleted_at     timestamptz
      )`);
    const live = `WHERE deleted_at IS NULL`;
    await q.query(`CREATE INDEX orders_live_created ON orders (created_at, id) ${live}`);
    await q.query(`CREATE INDEX orders_live_updated ON orders (updated_at, id) ${live}`);
    await q.query(`CREATE INDEX orders_live_number ON orders (number) ${live}`);
    await q.query(`CREATE INDEX orders_status ON orders (status, created_at) ${live}`);
    await q.query(`CREATE INDEX orders_client ON orders (client_id) ${live}`);
    await q.query(`CREATE INDEX orders_manager ON orders (manager_id) ${live}`);
    await q.query(`CREATE INDEX orders_deadline ON orders (deadline) ${live}`);
    await q.query(`CREATE INDEX orders_total ON orders (total_amount) ${live}`);
    await q.query(`CREATE INDEX orders_travellers ON orders USING gin (traveller_ids) ${live}`);
    await q.query(
      `CREATE INDEX orders_application ON orders (application_id) WHERE application_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX orders_search_trgm ON orders USING gin (search_text gin_trgm_ops) ${live}`);

    await q.query(`
      CREATE TABLE order_services (
        id                uuid PRIMARY KEY,
        order_id          uuid NOT NULL REFERENCES orders (id),
        type              text NOT NULL CHECK (type IN ('flight', 'rail', 'hotel', 'transfer', 'excursion', 'other')),
        start_at          timestamptz NOT NULL,
        end_at            timestamptz NOT NULL,
        start_time_zone   text NOT NULL,
        end_time_zone     text NOT NULL,
        location          jsonb NOT NULL,
        destination       jsonb,
        supplier          text,
        traveller_ids     uuid[] NOT NULL,
        price             numeric(14,2) NOT NULL CHECK (price >= 0),
        currency          char(3) NOT NULL,
        rate              numeric(18,8) NOT NULL CHECK (rate > 0),
        commission_kind   text NOT NULL CHECK (commission_kind IN ('percent', 'amount')),
        commission_value  numeric(14,4) NOT NULL,
        amount            numeric(14,2) NOT NULL,
        commission_amount numeric(14,2) NOT NULL,
        booking_ref       text,
        details           jsonb NOT NULL DEFAULT '{}',
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CHECK (end_at >= start_at)
      )`);
    await q.query(`CREATE INDEX order_services_order ON order_services (order_id, start_at)`);
    await q.query(`CREATE INDEX order_services_period ON order_services (start_at, end_at)`);
    await q.query(`CREATE INDEX order_services_travellers ON order_services USING gin (traveller_ids)`);

    await q.query(`
      CREATE TABLE order_timeline (
        event_id      uuid PRIMARY KEY,
        order_id      uuid NOT NULL,
        seq           bigint NOT NULL,
        ts            timestamptz NOT NULL,
        kind          text NOT NULL,
        actor_user_id uuid,
        actor_role    text NOT NULL,
        summary       text NOT NULL,
        payload       jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX order_timeline_order ON order_timeline (order_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE order_timeline`);
    await q.query(`DROP TABLE order_services`);
    await q.query(`DROP TABLE orders`);
    await q.query(`DROP TABLE order_number_counters`);
  }
}
