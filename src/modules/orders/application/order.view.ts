import type { Conflict } from '../domain/conflicts.policy';
import type { OrderStatus } from '../domain/order-status';
import type { Commission } from '../domain/pricing.policy';
import type { Place, RateSource, Service, ServiceType } from '../domain/service';
import {
  type ConfirmationView,
  confirmationView,
  type SupplierDecision,
} from '../domain/service-confirmation';
import { isoInZone } from '../domain/time-zone';
import { extend } from '../../../shared/domain/extend';

export interface ServiceView {
  id: string;
  orderId: string;
  type: ServiceType;
  /** ISO 8601 with the offset of the location's time zone. */
  startAt: string;
  /** ISO 8601 with the offset of the destination's (or location's) time zone. */
  endAt: string;
  location: Place;
  destination: Place | null;
  supplier: string | null;
  supplierCountry: string | null;
  travellerIds: string[];
  price: string;
  currency: string;
  rate: string;
  /** `parity` (order currency), `manual` (given) or `cbr` (the Central Bank's stored rate). */
  rateSource: RateSource;
  /** The date of the stored rate used (YYYY-MM-DD), null for a given or parity rate. */
  rateDate: string | null;
  commission: Commission;
  /** price × rate in the order currency. */
  amount: string;
  commissionAmount: string;
  bookingRef: string | null;
  details: Record<string, unknown>;
  /** The supplier's answer: null without a supplier, `pending` until it answers. */
  confirmation: ConfirmationView | null;
}

export interface OrderListItemView {
  id: string;
  number: string;
  status: OrderStatus;
  currency: string;
  clientId: string;
  payerName: string;
  travellerIds: string[];
  managerId: string | null;
  /** The manager's full name from the staff directory (users module), null when unassigned. */
  managerName: string | null;
  deadline: string | null;
  totalAmount: string;
  commission: string;
  supplierCost: string;
  margin: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OrderView extends OrderListItemView {
  note: string | null;
  applicationId: string | null;
  cancelReason: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  services: ServiceView[];
  conflicts: Conflict[];
}

/** A service row as the read queries select it (`json_agg` or plain rows). */
export interface ServiceReadRow {
  id: string;
  orderId: string;
  type: ServiceType;
  startAt: string | Date;
  endAt: string | Date;
  location: Place;
  destination: Place | null;
  supplier: string | null;
  supplierCountry: string | null;
  travellerIds: string[];
  price: string | number;
  currency: string;
  rate: string | number;
  rateSource: RateSource;
  rateDate: string | null;
  commissionKind: 'percent' | 'amount';
  commissionValue: string | number;
  amount: string | number;
  commissionAmount: string | number;
  bookingRef: string | null;
  details: Record<string, unknown>;
  confirmation: {
    status: SupplierDecision;
    reason: string | null;
    supplier: string;
    decidedAt: string | Date;
  } | null;
}

const fixed2 = (v: string | number) => {
  const s = String(v);
  const [i, f = ''] = s.split('.');
  return `${i}.${(f + '00').slice(0, 2)}`;
};
const trim = (v: string | number) => {
  const s = String(v);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
};

export function serviceView(r: ServiceReadRow): ServiceView {
  const start = new Date(r.startAt);
  const end = new Date(r.endAt);
  return {
    id: r.id,
    orderId: r.orderId,
    type: r.type,
    startAt: isoInZone(start, r.location.timeZone),
    endAt: isoInZone(end, (r.destination ?? r.location).timeZone),
    location: r.location,
    destination: r.destination,
    supplier: r.supplier,
    supplierCountry: r.supplierCountry,
    travellerIds: r.travellerIds,
    price: fixed2(r.price),
    currency: r.currency,
    rate: trim(r.rate),
    rateSource: r.rateSource,
    rateDate: r.rateDate,
    commission:
      r.commissionKind === 'percent'
        ? { percent: trim(r.commissionValue) }
        : { amount: fixed2(r.commissionValue) },
    amount: fixed2(r.amount),
    commissionAmount: fixed2(r.commissionAmount),
    bookingRef: r.bookingRef,
    details: r.details,
    confirmation: confirmationView(r.supplier, r.confirmation),
  };
}

/** The SQL select list of a service row as {@link ServiceReadRow} (table alias `s`). */
export const SERVICE_READ_COLUMNS = `s.id, s.order_id AS "orderId", s.type, s.start_at AS "startAt", s.end_at AS "endAt",
  s.location, s.destination, s.supplier, s.traveller_ids AS "travellerIds", s.price::text AS price, s.currency,
  s.rate::text AS rate, s.rate_source AS "rateSource", to_char(s.rate_date, 'YYYY-MM-DD') AS "rateDate",
  s.commission_kind AS "commissionKind", s.commission_value::text AS "commissionValue",
  s.amount::text AS amount, s.commission_amount::text AS "commissionAmount", s.booking_ref AS "bookingRef", s.details,
  s.supplier_country AS "supplierCountry",
  CASE WHEN s.confirmation_status IS NULL THEN NULL
       ELSE json_build_object('status', s.confirmation_status, 'reason', s.confirmation_reason,
                              'supplier', s.confirmation_supplier, 'decidedAt', s.confirmation_decided_at) END
    AS confirmation`;

/** The SQL select list of an order list item (table alias `o`). */
export const ORDER_LIST_COLUMNS = `o.id, o.number, o.status, o.currency, o.client_id AS "clientId", o.payer_name AS "payerName",
  o.traveller_ids AS "travellerIds", o.manager_id AS "managerId", o.deadline, o.total_amount::text AS "totalAmount",
  o.commission::text AS commission, o.supplier_cost::text AS "supplierCost", o.margin::text AS margin,
  o.created_at AS "createdAt", o.updated_at AS "updatedAt", o.version`;

export interface OrderListRow extends Omit<
  OrderListItemView,
  'deadline' | 'createdAt' | 'updatedAt' | 'managerName'
> {
  deadline: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The order's own fields beyond the list item, as `GET /orders/{id}` reads them (both readers). */
export interface OrderDetailRow extends OrderListRow {
  note: string | null;
  applicationId: string | null;
  cancelReason: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  conflicts: Conflict[];
}

/**
 * The order's document without its services (both `GET /orders/{id}` readers), as one literal of a
 * fixed shape in the answer's order: copying the list item into a new object (`extend`, a spread)
 * and the detail fields after it was the largest frame of the hot read's own code.
 */
export function orderDetailHead(item: OrderListItemView, r: OrderDetailRow, conflicts: Conflict[]) {
  return {
    id: item.id,
    number: item.number,
    status: item.status,
    currency: item.currency,
    clientId: item.clientId,
    payerName: item.payerName,
    travellerIds: item.travellerIds,
    managerId: item.managerId,
    managerName: item.managerName,
    deadline: item.deadline,
    totalAmount: item.totalAmount,
    commission: item.commission,
    supplierCost: item.supplierCost,
    margin: item.margin,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
    note: r.note,
    applicationId: r.applicationId,
    cancelReason: r.cancelReason,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    conflicts,
  };
}

export function orderListItemView(r: OrderListRow): OrderListItemView {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    currency: r.currency.trim(),
    clientId: r.clientId,
    payerName: r.payerName,
    travellerIds: r.travellerIds,
    managerId: r.managerId,
    managerName: null,
    deadline: r.deadline ? new Date(r.deadline).toISOString() : null,
    totalAmount: r.totalAmount,
    commission: r.commission,
    supplierCost: r.supplierCost,
    margin: r.margin,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    version: r.version,
  };
}

/** The view of a service straight from the aggregate (command responses, no extra read). */
export function serviceViewOf(s: Service, orderId: string): ServiceView {
  return serviceView(
    extend(s, {
      orderId,
      commissionKind: 'percent' in s.commission ? ('percent' as const) : ('amount' as const),
      commissionValue: 'percent' in s.commission ? s.commission.percent : s.commission.amount,
      confirmation: s.confirmation ?? null,
    }),
  );
}
