import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { movedTo, pgCode, VERSION_MOVED } from '../../../../shared/database/pg-errors';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import type { Conflict } from '../../domain/conflicts.policy';
import { Order } from '../../domain/order';
import type { OrderStatus } from '../../domain/order-status';
import type { OrderRepository } from '../../domain/order.repository.port';
import type { Commission } from '../../domain/pricing.policy';
import type { Place, RateSource, Service, ServiceType } from '../../domain/service';
import type { ServiceConfirmation, SupplierDecision } from '../../domain/service-confirmation';

/** The order's row, checked: a version that moved since the load fails the statement (CR409). */
const UPDATE_ORDER_SQL = `WITH updated AS (
    UPDATE orders SET status = $3, currency = $4, client_id = $5, payer_name = $6, traveller_ids = $7::uuid[],
           manager_id = $8, deadline = $9, note = $10, cancel_reason = $11, total_amount = $12, commission = $13,
           supplier_cost = $14, margin = $15, conflicts = $16::jsonb, search_text = $17, updated_by = $18,
           updated_at = $19, version = $20, deleted_at = $21
     WHERE id = $1 AND version = $2
    RETURNING 1)
  SELECT expect_updated((SELECT count(*) FROM updated), 'orders', $1)`;

interface OrderRow {
  id: string;
  number: string;
  status: OrderStatus;
  currency: string;
  client_id: string;
  payer_name: string;
  traveller_ids: string[];
  manager_id: string | null;
  deadline: Date | null;
  note: string | null;
  application_id: string | null;
  cancel_reason: string | null;
  total_amount: string;
  commission: string;
  supplier_cost: string;
  margin: string;
  conflicts: Conflict[];
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  deleted_at: Date | null;
}

interface ServiceRow {
  id: string;
  type: ServiceType;
  start_at: Date;
  end_at: Date;
  start_time_zone: string;
  end_time_zone: string;
  location: Place;
  destination: Place | null;
  supplier: string | null;
  supplier_country: string | null;
  traveller_ids: string[];
  price: string;
  currency: string;
  rate: string;
  rate_source: RateSource;
  rate_date: string | null;
  commission_kind: 'percent' | 'amount';
  commission_value: string;
  amount: string;
  commission_amount: string;
  booking_ref: string | null;
  details: Record<string, unknown>;
  confirmation_status: SupplierDecision | null;
  confirmation_reason: string | null;
  confirmation_supplier: string | null;
  confirmation_decided_at: Date | null;
}

const ORDER_COLUMNS = `id, number, status, currency, client_id, payer_name, traveller_ids, manager_id, deadline, note,
  application_id, cancel_reason, total_amount::text, commission::text, supplier_cost::text, margin::text, conflicts,
  created_by, updated_by, created_at, updated_at, version, deleted_at`;

const SERVICE_COLUMNS = `id, type, start_at, end_at, start_time_zone, end_time_zone, location, destination, supplier,
  traveller_ids, price::text, currency, rate::text, rate_source, to_char(rate_date, 'YYYY-MM-DD') AS rate_date,
  commission_kind, commission_value::text, amount::text, commission_amount::text, booking_ref, details,
  supplier_country, confirmation_status, confirmation_reason, confirmation_supplier, confirmation_decided_at`;

const SERVICE_FIELDS = 27;

/** Lower-cased text the list's `q` searches: the number and the payer's name. */
export function orderSearchText(number: string, payerName: string): string {
  return `${number} ${payerName}`.toLowerCase().replace(/ё/g, 'е');
}

/** Trims a stored decimal (`5.0000` → `5`, `12.5000` → `12.5`). */
function trimDecimal(v: string): string {
  return v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
}

/**
 * Orders in PostgreSQL through plain SQL. An order row plus one row per service; a save writes
 * the order row with the version check and only the service rows the command touched.
 */
// named statements' texts: module constants, the same strings on every call (see UnitOfWork.prepared)
const FIND_FOR_UPDATE_SQL = `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`;
const SERVICES_OF_SQL = `SELECT ${SERVICE_COLUMNS} FROM order_services WHERE order_id = $1 ORDER BY start_at, id`;

/**
 * The upsert of `rows` services (`SERVICE_FIELDS` parameters each, the travellers as `uuid[]`). A
 * command writes one to a few services: named per count, its text built once; a bulk write stays
 * unnamed.
 */
function upsertServicesSql(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => {
    const b = r * SERVICE_FIELDS;
    const p = Array.from({ length: SERVICE_FIELDS }, (_, i) => `$${b + i + 1}${i === 10 ? '::uuid[]' : ''}`);
    return `(${p.join(', ')})`;
  }).join(', ');
  return `INSERT INTO order_services (id, order_id, type, start_at, end_at, start_time_zone, end_time_zone, location,
                                     destination, supplier, traveller_ids, price, currency, rate, commission_kind,
                                     commission_value, amount, commission_amount, booking_ref, details,
                                     rate_source, rate_date, supplier_country,
                                     confirmation_status, confirmation_reason, confirmation_supplier,
                                     confirmation_decided_at)
         VALUES ${values}
         ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,
           start_time_zone = EXCLUDED.start_time_zone, end_time_zone = EXCLUDED.end_time_zone,
           location = EXCLUDED.location, destination = EXCLUDED.destination, supplier = EXCLUDED.supplier,
           traveller_ids = EXCLUDED.traveller_ids, price = EXCLUDED.price, currency = EXCLUDED.currency,
           rate = EXCLUDED.rate, rate_source = EXCLUDED.rate_source, rate_date = EXCLUDED.rate_date,
           commission_kind = EXCLUDED.commission_kind,
           commission_value = EXCLUDED.commission_value, amount = EXCLUDED.amount,
           commission_amount = EXCLUDED.commission_amount, booking_ref = EXCLUDED.booking_ref,
           details = EXCLUDED.details, supplier_country = EXCLUDED.supplier_country,
           confirmation_status = EXCLUDED.confirmation_status,
           confirmation_reason = EXCLUDED.confirmation_reason, confirmation_supplier = EXCLUDED.confirmation_supplier,
           confirmation_decided_at = EXCLUDED.confirmation_decided_at, updated_at = now()
         WHERE order_services.order_id = EXCLUDED.order_id`;
}

@Injectable()
export class SqlOrderRepository implements OrderRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async findByIdForUpdate(id: string): Promise<Order | null> {
    // the write path's statements are named: parsed and planned once per connection (issue 18); the
    // services are asked for in the same round trip, behind the lock (an order that is not there
    // has none), and read what the lock protects: the statement runs once the lock is granted
    const [[row], services] = await Promise.all([
      this.uow.preparedRows<OrderRow>('orders.find-for-update', FIND_FOR_UPDATE_SQL, [id]),
      this.uow.preparedRows<ServiceRow>('orders.services-of', SERVICES_OF_SQL, [id]),
    ]);
    if (!row) return null;
    return this.toDomain(row, services);
  }

  async nextNumber(year: number): Promise<string> {
    // the counter row is locked until commit, so concurrent creations queue here and a rollback
    // gives the number back: numbers are unique and gap-free per year
    const [r] = await this.uow.rows<{ last: number }>(
      `INSERT INTO order_number_counters (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = order_number_counters.last + 1
       RETURNING last`,
      [year],
    );
    return `${year}-${String(r.last).padStart(6, '0')}`;
  }

  async insert(order: Order): Promise<void> {
    const p = order.state();
    await this.uow.sql(
      `INSERT INTO orders (id, number, status, currency, client_id, payer_name, traveller_ids, manager_id, deadline,
                           note, application_id, cancel_reason, total_amount, commission, supplier_cost, margin,
                           conflicts, search_text, created_by, updated_by, created_at, updated_at, version, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19,
               $20, $21, $22, $23, $24)`,
      [
        order.id,
        p.number,
        p.status,
        p.currency,
        p.clientId,
        p.payerName,
        p.travellerIds,
        p.managerId,
        p.deadline,
        p.note,
        p.applicationId,
        p.cancelReason,
        p.totals.totalAmount,
        p.totals.commission,
        p.totals.supplierCost,
        p.totals.margin,
        JSON.stringify(p.conflicts),
        orderSearchText(p.number, p.payerName),
        p.createdBy,
        p.updatedBy,
        p.createdAt,
        p.updatedAt,
        order.nextVersion,
        p.deletedAt,
      ],
    );
    await this.writeServices(order);
  }

  /**
   * The order row with the version check and the service rows the command touched, all sent without
   * waiting (the unit of work's `check` and `write`s): they go out with the COMMIT, one round trip.
   * The version check is the statement's own (`expect_updated`, migration 1764230000001): an order
   * whose version moved fails the transaction with SQLSTATE CR409, which becomes a ConcurrencyError
   * naming the current version, and rolls the service rows back with the rest. Everything is read
   * from `order` before the first await: the caller may move the order's version on (`pullEvents`)
   * as soon as this returns.
   */
  async update(order: Order): Promise<void> {
    const p = order.state();
    const updating = this.uow.check(
      'orders.update',
      UPDATE_ORDER_SQL,
      [
        order.id,
        order.version,
        p.status,
        p.currency,
        p.clientId,
        p.payerName,
        p.travellerIds,
        p.managerId,
        p.deadline,
        p.note,
        p.cancelReason,
        p.totals.totalAmount,
        p.totals.commission,
        p.totals.supplierCost,
        p.totals.margin,
        JSON.stringify(p.conflicts),
        orderSearchText(p.number, p.payerName),
        p.updatedBy,
        p.updatedAt,
        order.nextVersion,
        p.deletedAt,
      ],
      (err) => (pgCode(err) === VERSION_MOVED ? new ConcurrencyError('order', order.id, movedTo(err)) : err),
    );
    await Promise.all([updating, this.writeServices(order)]);
  }

  async orderIdOfService(serviceId: string): Promise<string | null> {
    const [row] = await this.uow.rows<{ order_id: string }>(
      `SELECT s.order_id FROM order_services s JOIN orders o ON o.id = s.order_id
        WHERE s.id = $1 AND o.deleted_at IS NULL`,
      [serviceId],
    );
    return row?.order_id ?? null;
  }

  async idsReferencingClient(clientId: string): Promise<string[]> {
    const rows = await this.uow.rows<{ id: string }>(
      `SELECT id FROM orders WHERE client_id = $1 OR traveller_ids @> ARRAY[$1]::uuid[]
       UNION
       SELECT order_id FROM order_services WHERE traveller_ids @> ARRAY[$1]::uuid[]
       ORDER BY 1`,
      [clientId],
    );
    return rows.map((r) => r.id);
  }

  private async writeServices(order: Order): Promise<void> {
    const w = order.pendingServiceWrites();
    if (w.removed.length > 0) {
      await this.uow.write(
        'orders.services-delete',
        `DELETE FROM order_services WHERE order_id = $1 AND id = ANY($2::uuid[])`,
        [order.id, w.removed],
      );
    }
    const rows = [...w.added, ...w.updated];
    if (rows.length > 0) {
      const params: unknown[] = [];
      for (const s of rows) params.push(...this.serviceParams(order, s));
      await this.uow.writeForRows('orders.services-upsert', rows.length, upsertServicesSql, params);
    }
    order.clearServiceWrites();
  }

  private serviceParams(order: Order, s: Service): unknown[] {
    const kind = 'percent' in s.commission ? 'percent' : 'amount';
    const value = 'percent' in s.commission ? s.commission.percent : s.commission.amount;
    return [
      s.id,
      order.id,
      s.type,
      s.startAt,
      s.endAt,
      s.location.timeZone,
      (s.destination ?? s.location).timeZone,
      JSON.stringify(s.location),
      s.destination === null ? null : JSON.stringify(s.destination),
      s.supplier,
      s.travellerIds,
      s.price,
      s.currency,
      s.rate,
      kind,
      value,
      s.amount,
      s.commissionAmount,
      s.bookingRef,
      JSON.stringify(s.details),
      s.rateSource,
      s.rateDate,
      s.supplierCountry,
      s.confirmation?.status ?? null,
      s.confirmation?.reason ?? null,
      s.confirmation?.supplier ?? null,
      s.confirmation?.decidedAt ?? null,
    ];
  }

  private toDomain(row: OrderRow, services: ServiceRow[]): Order {
    return Order.reconstitute(row.id, row.version, {
      number: row.number,
      status: row.status,
      currency: row.currency,
      clientId: row.client_id,
      payerName: row.payer_name,
      travellerIds: row.traveller_ids,
      managerId: row.manager_id,
      deadline: row.deadline,
      note: row.note,
      applicationId: row.application_id,
      cancelReason: row.cancel_reason,
      totals: {
        totalAmount: row.total_amount,
        commission: row.commission,
        supplierCost: row.supplier_cost,
        margin: row.margin,
      },
      conflicts: row.conflicts,
      services: services.map((s) => this.serviceToDomain(s)),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
      deletedAt: row.deleted_at,
    });
  }

  private serviceToDomain(s: ServiceRow): Service {
    const commission: Commission =
      s.commission_kind === 'percent'
        ? { percent: trimDecimal(s.commission_value) }
        : { amount: trimToCents(s.commission_value) };
    return {
      id: s.id,
      type: s.type,
      startAt: s.start_at,
      endAt: s.end_at,
      location: s.location,
      destination: s.destination,
      supplier: s.supplier,
      supplierCountry: s.supplier_country,
      travellerIds: s.traveller_ids,
      price: s.price,
      currency: s.currency,
      rate: trimDecimal(s.rate),
      rateSource: s.rate_source,
      rateDate: s.rate_date,
      commission,
      amount: s.amount,
      commissionAmount: s.commission_amount,
      bookingRef: s.booking_ref,
      details: s.details,
      confirmation: confirmationOf(s),
    };
  }
}

function confirmationOf(s: ServiceRow): ServiceConfirmation | null {
  if (s.confirmation_status === null) return null;
  return {
    status: s.confirmation_status,
    reason: s.confirmation_reason,
    supplier: s.confirmation_supplier!,
    decidedAt: s.confirmation_decided_at!,
  };
}

/** `50.0000` → `50.00`. */
function trimToCents(v: string): string {
  const [i, f = ''] = v.split('.');
  return `${i}.${(f + '00').slice(0, 2)}`;
}
