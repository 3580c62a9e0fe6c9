-- Seeds :orders orders with :per services each and :payments payments in plain SQL
-- (generate_series) on a migrated database whose clients already exist (ids in bench_clients).
-- finance_orders is filled the way its projection fills it, then its sums from the payments.
\set ON_ERROR_STOP on
SET synchronous_commit = off;

CREATE TEMP TABLE managers AS
  SELECT gen_random_uuid() AS id, row_number() OVER () AS n FROM generate_series(1, 12);
CREATE TEMP TABLE cl AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM bench_clients;

INSERT INTO orders (id, number, status, currency, client_id, traveller_ids, manager_id, deadline,
                    created_at, updated_at, version)
SELECT gen_random_uuid(),
       'B-' || lpad(i::text, 7, '0'),
       (ARRAY['draft','confirmed','confirmed','in_progress','completed','completed','cancelled'])[1 + i % 7],
       CASE WHEN i % 20 = 0 THEN 'EUR' ELSE 'RUB' END,
       c.id, ARRAY[c.id],
       m.id,
       timestamptz '2026-01-01' + (i % 540) * interval '1 day' + interval '18 hours',
       timestamptz '2025-12-01' + (i % 500) * interval '1 day' + (i % 86400) * interval '1 second',
       now(), 1
  FROM generate_series(1, :orders) AS i
  JOIN cl c ON c.n = 1 + i % (SELECT count(*) FROM cl)
  JOIN managers m ON m.n = 1 + i % 12;

INSERT INTO order_services (id, order_id, type, start_at, end_at, start_time_zone, end_time_zone, location,
                            supplier, traveller_ids, price, currency, rate, commission_kind, commission_value,
                            amount, commission_amount)
SELECT gen_random_uuid(), o.id,
       (ARRAY['flight','rail','hotel','transfer','excursion','other'])[1 + s % 6],
       o.deadline + s * interval '1 day', o.deadline + s * interval '1 day' + interval '3 hours',
       'Europe/Moscow', 'Europe/Moscow', '{"city":"Москва","country":"RU","timeZone":"Europe/Moscow"}',
       'Поставщик ' || abs(hashtext(o.id::text || s)) % 300, o.traveller_ids,
       p.price, o.currency, 1, 'percent', 10, p.price, round(p.price * 0.1, 2)
  FROM orders o
  CROSS JOIN generate_series(1, :per) AS s
  CROSS JOIN LATERAL (SELECT (1000 + abs(hashtext(o.id::text || s)) % 20000)::numeric(14,2) AS price) p
 WHERE o.number LIKE 'B-%';

UPDATE orders o SET total_amount = t.total, commission = t.commission, supplier_cost = t.total - t.commission,
                    margin = t.commission
  FROM (SELECT order_id, sum(amount) AS total, sum(commission_amount) AS commission
          FROM order_services GROUP BY order_id) t
 WHERE t.order_id = o.id;

-- the running totals follow by themselves: the totals triggers are per statement (migration
-- 1764200000001), so each bulk statement below makes one upsert per totals row, not one per order

-- what the finance-orders projection writes for each order (GetOrderQuery's figures)
INSERT INTO finance_orders (order_id, number, status, currency, client_id, manager_id, deadline, order_created_at,
                            total_amount, commission, supplier_cost, order_version)
SELECT id, number, status, currency, client_id, manager_id, deadline, created_at, total_amount, commission,
       supplier_cost, version
  FROM orders WHERE number LIKE 'B-%';

CREATE TEMP TABLE ord AS
  SELECT order_id, currency, total_amount, supplier_cost, row_number() OVER (ORDER BY order_id) AS n
    FROM finance_orders;

INSERT INTO payments (id, order_id, type, amount, currency, rate, rate_source, order_currency,
                      amount_in_order_currency, method, reference, paid_at)
SELECT gen_random_uuid(), o.order_id, k.type, k.amount, o.currency, 1, 'parity', o.currency, k.amount,
       (ARRAY['cash','card','bank_transfer','online'])[1 + i % 4], 'п/п ' || i,
       timestamptz '2026-01-01' + (i % 600) * interval '1 day' + (i % 3600) * interval '1 second'
  FROM generate_series(1, :payments) AS i
  JOIN ord o ON o.n = 1 + (i::bigint * 7919) % (SELECT count(*) FROM ord)
  CROSS JOIN LATERAL (
    SELECT CASE WHEN i % 10 < 7 THEN 'payment' WHEN i % 10 < 9 THEN 'supplier_payment' ELSE 'refund' END AS type,
           CASE WHEN i % 10 < 7 THEN round(o.total_amount * 0.3, 2)
                WHEN i % 10 < 9 THEN round(o.supplier_cost * 0.5, 2)
                ELSE round(o.total_amount * 0.05, 2) END AS amount
  ) k
 WHERE k.amount > 0;

UPDATE finance_orders f SET paid = s.paid, refunded = s.refunded, supplier_paid = s.sp
  FROM (SELECT order_id,
               COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'payment'), 0) AS paid,
               COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'refund'), 0) AS refunded,
               COALESCE(sum(amount_in_order_currency) FILTER (WHERE type = 'supplier_payment'), 0) AS sp
          FROM payments GROUP BY order_id) s
 WHERE s.order_id = f.order_id;

VACUUM ANALYZE finance_client_totals;
VACUUM ANALYZE finance_debt_totals;
VACUUM ANALYZE orders;
VACUUM ANALYZE order_services;
VACUUM ANALYZE finance_orders;
VACUUM ANALYZE payments;
SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_services) AS services,
       (SELECT count(*) FROM payments) AS payments,
       (SELECT count(*) FROM finance_orders WHERE NOT deleted AND due > 0 AND status <> 'cancelled') AS debtors;
