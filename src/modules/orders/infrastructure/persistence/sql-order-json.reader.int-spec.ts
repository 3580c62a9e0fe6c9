import type { QueryBus } from '@nestjs/cqrs';
import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow, insertOrderRow, insertUser } from '../../../../../test/support/int-fixtures';
import { CrossBorderWarningsQuery } from '../../../../shared/contracts/cross-border';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { GetStaffNamesQuery } from '../../../users/application/queries/get-staff-names/get-staff-names.query';
import { GetOrderJsonHandler } from '../../application/queries/get-order-json/get-order-json.handler';
import { GetOrderJsonQuery } from '../../application/queries/get-order-json/get-order-json.query';
import { GetOrderHandler } from '../../application/queries/get-order/get-order.handler';
import { GetOrderQuery } from '../../application/queries/get-order/get-order.query';
import { CrossBorderConflicts } from '../../application/services/cross-border-conflicts';
import { StaffDirectory } from '../../application/services/staff-directory';
import { SqlOrderJsonReader } from './sql-order-json.reader';

/** Services that exercise every branch of SERVICE_JSON (zones, offsets, numbers, confirmations). */
const SERVICES = [
  // Moscow, no supplier, percent commission, parity rate
  `'hotel', '2027-06-01 10:00+03', '2027-06-05 12:00+03', '{"city":"Москва","country":"RU","timeZone":"Europe/Moscow"}',
   NULL, NULL, NULL, 1500.5, 'RUB', 1, 'parity', NULL, 'percent', 7.25, 1500.5, 108.79, NULL, '{}', NULL, NULL, NULL, NULL`,
  // flight across zones with a destination, half-hour and 45-minute offsets, DST in New York
  `'flight', '2027-03-14 06:59:59.999+00', '2027-11-07 05:30:00.123456+00', '{"city":"Катманду","country":"NP","timeZone":"Asia/Kathmandu"}',
   '{"city":"Нью-Йорк","country":"US","timeZone":"America/New_York"}', 'Aeroflot', 'US', 320.12, 'USD', 91.23456789, 'cbr',
   '2027-03-01', 'amount', 12.3456, 29200.11, 12.34, 'ABC123', '{"seat":"12A","bags":[1,2.50],"meal":null}',
   'confirmed', NULL, 'Aeroflot PJSC', '2027-03-01 10:11:12.345678+00'`,
  // St John's (−03:30), rejected with a reason, manual rate with trailing zeros, zero amounts
  `'transfer', '2027-01-10 23:45+00', '2027-01-11 00:15+00', '{"city":"Сент-Джонс","country":"CA","timeZone":"America/St_Johns"}',
   NULL, 'Taxi "Север"', NULL, 0, 'CAD', 60.50000000, 'manual', NULL, 'percent', 0, 0, 0, NULL, '{"note":"водитель\\nс табличкой"}',
   'rejected', 'нет машин', 'Taxi', '2027-01-05 08:00+00'`,
  // a supplier with no answer yet (pending), negative-offset zone in summer time, amount commission
  `'excursion', '2027-07-04 16:00+00', '2027-07-04 18:00+00', '{"city":"Лос-Анджелес","country":"US","timeZone":"America/Los_Angeles"}',
   NULL, 'Guide', 'US', 99.99, 'USD', 0.00000001, 'manual', NULL, 'amount', 5, 9.99, 5.00, 'G-1', '{"lang":["ru","en"]}',
   NULL, NULL, NULL, NULL`,
];

describe('SqlOrderJsonReader: GET /orders/{id} with its services rendered by PostgreSQL', () => {
  const db = useIntDb();
  let managerId: string;
  const queries = {
    execute: async (q: unknown) => {
      if (q instanceof GetStaffNamesQuery) return new Map(q.ids.map((id) => [id, 'Менеджер Тестов']));
      if (q instanceof CrossBorderWarningsQuery) {
        return q.services.map((s) => ({
          serviceId: s.serviceId,
          message: `transfer to ${s.supplierCountry}`,
        }));
      }
      throw new Error('unexpected query');
    },
  } as unknown as QueryBus;
  const handlers = () => {
    const directories = [new CrossBorderConflicts(queries), new StaffDirectory(queries)] as const;
    return {
      view: new GetOrderHandler(db().uow, ...directories),
      json: new GetOrderJsonHandler(new SqlOrderJsonReader(db().uow), ...directories),
    };
  };

  beforeAll(async () => {
    managerId = await insertUser(db(), 'operator', 'Менеджер Тестов');
  });

  it('gives the same document as the JS view (GetOrderHandler) for varied services', async () => {
    const clientId = await insertClientRow(db());
    const order = await insertOrderRow(db(), clientId);
    await db().q(
      `UPDATE orders SET manager_id = $2, note = 'Заметка', deadline = '2027-05-01 12:00+03', version = 7,
              conflicts = '[{"code":"X","severity":"warning","serviceIds":[],"travellerIds":[],"message":"m"}]'
        WHERE id = $1`,
      [order.id, managerId],
    );
    for (const values of SERVICES) {
      await db().q(
        `INSERT INTO order_services (id, order_id, type, start_at, end_at, location, destination, supplier,
                                     supplier_country, price, currency, rate, rate_source, rate_date, commission_kind,
                                     commission_value, amount, commission_amount, booking_ref, details,
                                     confirmation_status, confirmation_reason, confirmation_supplier,
                                     confirmation_decided_at, start_time_zone, end_time_zone, traveller_ids)
         VALUES ($1, $2, ${values}, 'UTC', 'UTC', ARRAY[$3]::uuid[])`,
        [uuidv7(), order.id, clientId],
      );
    }
    const { view, json } = handlers();
    const expected = await view.execute(new GetOrderQuery(order.id));
    const rendered = await json.execute(new GetOrderJsonQuery(order.id));
    expect(expected?.services).toHaveLength(SERVICES.length);
    expect(expected?.managerName).toBe('Менеджер Тестов');
    expect(expected?.conflicts.length).toBe(3); // the stored one and two cross-border warnings
    expect(rendered?.version).toBe(7);
    expect(JSON.parse(rendered!.json.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('renders an order without services with an empty list, and null for a missing or deleted order', async () => {
    const clientId = await insertClientRow(db());
    const order = await insertOrderRow(db(), clientId);
    const { view, json } = handlers();
    const rendered = await json.execute(new GetOrderJsonQuery(order.id));
    expect(JSON.parse(rendered!.json.toString('utf8'))).toEqual(
      JSON.parse(JSON.stringify(await view.execute(new GetOrderQuery(order.id)))),
    );
    expect(JSON.parse(rendered!.json.toString('utf8')).services).toEqual([]);
    expect(await json.execute(new GetOrderJsonQuery(uuidv7()))).toBeNull();
    await db().q(`UPDATE orders SET deleted_at = now() WHERE id = $1`, [order.id]);
    expect(await json.execute(new GetOrderJsonQuery(order.id))).toBeNull();
  });
});
