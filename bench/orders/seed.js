'use strict';
// Seeds N orders × M services with plain SQL (fast), all paid by one client created through the
// API (so the clients module owns its row and the passport check reads it as usual).
const { Client } = require('pg');

async function seedOrders(databaseUrl, { clientId, orders = 10000, servicesPerOrder = 10 }) {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO orders (id, number, status, currency, client_id, payer_name, traveller_ids, search_text,
                           created_at, updated_at, version)
       SELECT gen_random_uuid(), '2026-' || lpad(i::text, 6, '0'), 'draft', 'RUB', $1, 'Bench Payer', ARRAY[$1::uuid],
              '2026-' || lpad(i::text, 6, '0') || ' bench payer', now() - (i || ' minutes')::interval, now(), 1
         FROM generate_series(1, $2::int) AS i`,
      [clientId, orders],
    );
    await c.query(
      `INSERT INTO order_services (id, order_id, type, start_at, end_at, start_time_zone, end_time_zone, location,
                                   traveller_ids, price, currency, rate, commission_kind, commission_value, amount,
                                   commission_amount, details)
       SELECT gen_random_uuid(), o.id, 'other', t, t + interval '1 hour', 'Europe/Moscow', 'Europe/Moscow',
              '{"city":"Москва","country":"RU","timeZone":"Europe/Moscow"}'::jsonb, o.traveller_ids,
              1000 + k, 'RUB', 1, 'percent', 5, 1000 + k, round((1000 + k) * 0.05, 2), '{}'::jsonb
         FROM orders o
        CROSS JOIN generate_series(1, $1::int) AS k
        CROSS JOIN LATERAL (SELECT timestamptz '2027-06-01 10:00+03' + (k || ' days')::interval AS t) x`,
      [servicesPerOrder],
    );
    await c.query(
      `UPDATE orders o SET total_amount = s.total, commission = s.commission, supplier_cost = s.total - s.commission,
              margin = s.commission
         FROM (SELECT order_id, sum(amount) AS total, sum(commission_amount) AS commission
                 FROM order_services GROUP BY order_id) s
        WHERE s.order_id = o.id`,
    );
    await c.query(
      `INSERT INTO order_number_counters (year, last) VALUES (2026, $1)
       ON CONFLICT (year) DO UPDATE SET last = GREATEST(order_number_counters.last, $1)`,
      [orders],
    );
    await c.query('COMMIT');
    // settled before anything is measured, as a database that has been running is: the UPDATE above
    // left a dead version of every order and no row has its hint bits set yet, so the first scenario
    // measured (the GET at 32 connections) paid for setting them, and met autovacuum and the
    // checkpointer cleaning up after the seed, while the ceilings measured later did not
    await c.query('VACUUM (ANALYZE) orders');
    await c.query('VACUUM (ANALYZE) order_services');
    await c.query('CHECKPOINT');
    const { rows } = await c.query('SELECT id FROM orders');
    return rows.map((r) => r.id);
  } finally {
    await c.end();
  }
}

module.exports = { seedOrders };
