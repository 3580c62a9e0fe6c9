import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type {
  OrderJsonReader,
  OrderJsonRow,
} from '../../application/queries/get-order-json/order-json.reader.port';
import { ORDER_LIST_COLUMNS } from '../../application/order.view';

/**
 * A service row (table alias `s`) rendered by PostgreSQL as the JSON of the API's `ServiceView`
 * (`application/order.view.ts`), for the hot `GET /orders/{id}`: the body's biggest part leaves the
 * database as text and is sent as is — no JSON parse of a `json_agg`, no mapping, no re-serialising
 * in Node. `sql-order-json.reader.int-spec.ts` checks it against `serviceView` on varied rows; change
 * both together.
 */

/**
 * `isoInZone`: `2027-06-01T14:00:00+02:00`, from a local wall-clock timestamp and its offset in
 * minutes (columns of the lateral `z` below: computed once per row, no subquery per value).
 */
function isoInZoneSql(local: string, off: string): string {
  return `to_char(${local}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN ${off} < 0 THEN '-' ELSE '+' END
    || lpad((abs(${off}) / 60)::text, 2, '0') || ':' || lpad((abs(${off}) % 60)::text, 2, '0')`;
}

/** `new Date(x).toISOString()`: UTC with milliseconds and `Z`. */
const isoUtcSql = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const END_ZONE = `(CASE WHEN s.destination IS NULL OR jsonb_typeof(s.destination) = 'null'
                        THEN s.location ELSE s.destination END) ->> 'timeZone'`;

/** One `json` value per service row (aliases `s`, `l`, `z`), the same document `serviceView` builds. */
const SERVICE_JSON = `json_build_object(
  'id', s.id, 'orderId', s.order_id, 'type', s.type,
  'startAt', ${isoInZoneSql('l.start_local', 'z.start_off')},
  'endAt', ${isoInZoneSql('l.end_local', 'z.end_off')},
  'location', s.location, 'destination', s.destination, 'supplier', s.supplier,
  'supplierCountry', s.supplier_country, 'travellerIds', s.traveller_ids,
  'price', trunc(s.price, 2)::text, 'currency', s.currency, 'rate', trim_scale(s.rate)::text,
  'rateSource', s.rate_source, 'rateDate', to_char(s.rate_date, 'YYYY-MM-DD'),
  'commission', CASE WHEN s.commission_kind = 'percent'
                     THEN json_build_object('percent', trim_scale(s.commission_value)::text)
                     ELSE json_build_object('amount', trunc(s.commission_value, 2)::text) END,
  'amount', trunc(s.amount, 2)::text, 'commissionAmount', trunc(s.commission_amount, 2)::text,
  'bookingRef', s.booking_ref, 'details', s.details,
  'confirmation', CASE WHEN s.supplier IS NULL THEN NULL
                       WHEN s.confirmation_status IS NULL
                         THEN json_build_object('status', 'pending', 'decidedAt', NULL, 'supplier', s.supplier)
                       WHEN s.confirmation_reason IS NULL
                         THEN json_build_object('status', s.confirmation_status,
                                                'decidedAt', ${isoUtcSql('s.confirmation_decided_at')},
                                                'supplier', s.confirmation_supplier)
                       ELSE json_build_object('status', s.confirmation_status, 'reason', s.confirmation_reason,
                                              'decidedAt', ${isoUtcSql('s.confirmation_decided_at')},
                                              'supplier', s.confirmation_supplier) END)`;

/** The statement of `read` (a module constant: the same string on every call, see UnitOfWork.prepared). */
const ORDER_JSON_SQL = `SELECT ${ORDER_LIST_COLUMNS}, o.note, o.application_id AS "applicationId", o.cancel_reason AS "cancelReason",
            o.created_by AS "createdBy", o.updated_by AS "updatedBy", o.conflicts,
            encode(convert_to(COALESCE(sv.services_json, '[]'), 'UTF8'), 'base64') AS "servicesJson", COALESCE(sv.abroad, '[]'::json) AS abroad
       FROM orders o
       LEFT JOIN LATERAL (
             SELECT json_agg(${SERVICE_JSON} ORDER BY s.start_at, s.id)::text AS services_json,
                    json_agg(json_build_object('id', s.id, 'supplier', s.supplier,
                                               'supplierCountry', s.supplier_country)
                             ORDER BY s.start_at, s.id) FILTER (WHERE s.supplier_country IS NOT NULL) AS abroad
               FROM order_services s
              CROSS JOIN LATERAL (SELECT s.start_at AT TIME ZONE (s.location ->> 'timeZone') AS start_local,
                                         s.end_at AT TIME ZONE (${END_ZONE}) AS end_local) l
              CROSS JOIN LATERAL (
                    SELECT round(extract(epoch FROM l.start_local - (s.start_at AT TIME ZONE 'UTC')) / 60)::int
                             AS start_off,
                           round(extract(epoch FROM l.end_local - (s.end_at AT TIME ZONE 'UTC')) / 60)::int
                             AS end_off) z
              WHERE s.order_id = o.id) sv ON true
      WHERE o.id = $1 AND o.deleted_at IS NULL`;

/** The row as the driver gives it: the services' UTF-8 bytes as base64 text. */
type WireRow = Omit<OrderJsonRow, 'servicesJson'> & { servicesJson: string };

/**
 * The order, its services as JSON and the suppliers abroad, in one statement. The services leave
 * PostgreSQL as the base64 of the JSON text's UTF-8 bytes, decoded here into a Buffer: the JSON as a
 * string would be decoded from UTF-8 (two bytes a character with any Cyrillic in it), copied into
 * the body and encoded again when written, about a third of a GET's allocations; as `bytea` the
 * driver gets it as hex text, twice its size.
 */
@Injectable()
export class SqlOrderJsonReader implements OrderJsonReader {
  constructor(private readonly uow: UnitOfWork) {}

  async read(id: string): Promise<OrderJsonRow | null> {
    const [row] = await this.uow.sharedRows<WireRow>('orders.get-order-json', ORDER_JSON_SQL, [id]);
    if (!row) return null;
    // base64 (with PostgreSQL's line breaks, which Node's decoder skips): 4/3 of the bytes on the
    // wire and in the driver's string, against 2× for bytea's hex text
    return Object.assign(row, { servicesJson: Buffer.from(row.servicesJson, 'base64') });
  }
}
