import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow } from '../../../../../test/support/int-fixtures';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { Order, type ServiceChangeContext } from '../../domain/order';
import type { ServiceInput } from '../../domain/service';
import { orderSearchText, SqlOrderRepository } from './sql-order.repository';

const now = new Date('2026-11-29T10:00:00.000Z');
const ctx = { by: null, now };
const svcCtx: ServiceChangeContext = { ...ctx, force: false, conflicts: { minConnectionMinutes: 60 } };

const flight = (over: Partial<ServiceInput> = {}): ServiceInput => ({
  type: 'flight',
  startAt: '2027-06-01T10:00:00+03:00',
  endAt: '2027-06-01T14:00:00+02:00',
  location: { city: 'Москва', country: 'RU', iata: 'SVO', timeZone: 'Europe/Moscow' },
  destination: { city: 'Париж', country: 'FR', iata: 'CDG', timeZone: 'Europe/Paris' },
  supplier: 'Аэрофлот',
  price: '30000.00',
  currency: 'RUB',
  commission: { percent: '5' },
  details: { flightNumber: 'SU2454' },
  ...over,
});

const hotel = (over: Partial<ServiceInput> = {}): ServiceInput => ({
  type: 'hotel',
  startAt: '2027-06-01T15:00:00+02:00',
  endAt: '2027-06-05T12:00:00+02:00',
  location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', address: 'Rue de Rivoli 1' },
  supplier: 'Hotel Louvre',
  price: '400.00',
  currency: 'EUR',
  rate: '98.50',
  commission: { amount: '20.00' },
  ...over,
});

describe('SqlOrderRepository on the migrated schema', () => {
  const db = useIntDb();
  const repo = () => new SqlOrderRepository(db().uow);
  let payer: string;
  let traveller: string;

  beforeAll(async () => {
    payer = await insertClientRow(db(), 'Петров Пётр');
    traveller = await insertClientRow(db(), 'Петрова Анна');
  });

  async function saved(): Promise<Order> {
    const year = 2031;
    const number = await db().tx(() => repo().nextNumber(year));
    const o = Order.create(uuidv7(), number, { clientId: payer, currency: 'RUB' }, 'Петров Пётр', ctx);
    o.addService(uuidv7(), flight(), svcCtx);
    o.addService(uuidv7(), hotel({ travellerIds: [payer] }), svcCtx);
    await db().tx(() => repo().insert(o));
    o.pullEvents();
    return o;
  }

  it('hands out gap-free numbers per year and gives a rolled-back number back', async () => {
    const a = await db().tx(() => repo().nextNumber(2040));
    const b = await db().tx(() => repo().nextNumber(2040));
    expect([a, b]).toEqual(['2040-000001', '2040-000002']);
    await expect(
      db().tx(async () => {
        await repo().nextNumber(2040);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db().tx(() => repo().nextNumber(2040))).toBe('2040-000003');
    expect(await db().tx(() => repo().nextNumber(2041))).toBe('2041-000001');
  });

  it('queues concurrent number requests on the counter row (no duplicates)', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 6 }, () => db().tx(() => repo().nextNumber(2042))),
    );
    expect(new Set(numbers).size).toBe(6);
    expect([...numbers].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `2042-00000${i + 1}`));
  });

  it('round-trips an order with its services, decimals and time zones', async () => {
    const o = await saved();
    const back = (await db().tx(() => repo().findByIdForUpdate(o.id)))!;
    expect(back.version).toBe(1);
    const s = back.state();
    const want = o.state();
    expect(s.number).toBe(want.number);
    expect(s.status).toBe('draft');
    expect(s.currency).toBe('RUB');
    expect(s.payerName).toBe('Петров Пётр');
    expect(s.travellerIds).toEqual([payer]);
    expect(s.totals).toEqual(want.totals);
    expect(s.services).toHaveLength(2);
    const [f, h] = s.services;
    // a service with no supplier's answer reads back with `confirmation: null`
    expect(f).toEqual({ confirmation: null, ...want.services.find((x) => x.type === 'flight') });
    expect(h).toEqual({ confirmation: null, ...want.services.find((x) => x.type === 'hotel') });
    expect(h.commission).toEqual({ amount: '20.00' });
    expect(h.rate).toBe('98.5');
    expect(f.commission).toEqual({ percent: '5' });
    expect(f.destination?.timeZone).toBe('Europe/Paris');
    const [{ search_text }] = await db().q<{ search_text: string }>(
      `SELECT search_text FROM orders WHERE id = $1`,
      [o.id],
    );
    expect(search_text).toBe(orderSearchText(want.number, 'Петров Пётр'));
    expect(await repo().findByIdForUpdate(uuidv7())).toBeNull();
  });

  it('writes only the services a change touched: update in place, remove, add', async () => {
    const o = await saved();
    const loaded = (await repo().findByIdForUpdate(o.id))!;
    const [f, h] = loaded.state().services;
    loaded.updateService(f.id, { price: '31000.00', bookingRef: 'PNR123' }, svcCtx);
    loaded.removeService(h.id, svcCtx);
    const added = uuidv7();
    loaded.addService(
      added,
      flight({
        startAt: '2027-06-10T10:00:00+02:00',
        endAt: '2027-06-10T14:00:00+03:00',
        location: { city: 'Париж', country: 'FR', iata: 'CDG', timeZone: 'Europe/Paris' },
        destination: { city: 'Москва', country: 'RU', iata: 'SVO', timeZone: 'Europe/Moscow' },
      }),
      svcCtx,
    );
    await db().tx(() => repo().update(loaded));
    loaded.pullEvents();
    const back = (await repo().findByIdForUpdate(o.id))!;
    expect(back.version).toBe(2);
    expect(back.state().services.map((s) => s.id)).toEqual([f.id, added]);
    expect(back.state().services[0]).toMatchObject({ price: '31000.00', bookingRef: 'PNR123' });
    expect(back.state().totals).toEqual(loaded.state().totals);
    // nothing pending any more: a second save writes the order row only
    expect(loaded.pendingServiceWrites()).toEqual({ added: [], updated: [], removed: [] });
  });

  it('rejects a stale write with ConcurrencyError and keeps the winner', async () => {
    const o = await saved();
    const a = (await repo().findByIdForUpdate(o.id))!;
    const b = (await repo().findByIdForUpdate(o.id))!;
    a.update({ note: 'первый' }, ctx);
    await repo().update(a);
    b.update({ note: 'второй' }, ctx);
    const err = await repo()
      .update(b)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ details: { currentVersion: 2 } });
    expect((await repo().findByIdForUpdate(o.id))!.state().note).toBe('первый');
  });

  it('in a transaction, a stale write fails the commit with ConcurrencyError and keeps none of its rows', async () => {
    const o = await saved();
    const a = (await repo().findByIdForUpdate(o.id))!;
    const b = (await repo().findByIdForUpdate(o.id))!;
    a.update({ note: 'первый' }, ctx);
    await repo().update(a);
    const stale = uuidv7();
    b.addService(stale, hotel(), { ...svcCtx, force: true });
    // the check goes out with the service row and the COMMIT: the work itself returns, the commit fails
    const err = await db()
      .tx(async () => {
        await repo().update(b);
        return 'sent';
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({
      code: 'COMMON.VERSION_CONFLICT',
      details: { entity: 'order', currentVersion: 2 },
    });
    expect(await db().q(`SELECT id FROM order_services WHERE id = $1`, [stale])).toEqual([]);
    expect((await repo().findByIdForUpdate(o.id))!.state()).toMatchObject({ note: 'первый' });
  });

  it('refuses a duplicate order number (unique)', async () => {
    const o = await saved();
    const twin = Order.create(uuidv7(), o.state().number, { clientId: payer, currency: 'RUB' }, 'X', ctx);
    await expect(repo().insert(twin)).rejects.toThrow(/duplicate key|unique/);
  });

  it('finds orders referencing a client as payer, order traveller or service traveller (deleted ones too)', async () => {
    const asPayer = await saved();
    const number = await db().tx(() => repo().nextNumber(2031));
    const asTraveller = Order.create(
      uuidv7(),
      number,
      { clientId: payer, travellerIds: [payer, traveller], currency: 'EUR' },
      'P',
      ctx,
    );
    await repo().insert(asTraveller);
    const viaService = await saved();
    // a service traveller who is not (any more) on the order itself
    await db().q(`UPDATE order_services SET traveller_ids = ARRAY[$2]::uuid[] WHERE order_id = $1`, [
      viaService.id,
      traveller,
    ]);
    const loaded = (await repo().findByIdForUpdate(viaService.id))!;
    loaded.delete(ctx);
    await repo().update(loaded);
    expect((await repo().findByIdForUpdate(viaService.id))!.state().deletedAt).toEqual(now);
    const ids = await repo().idsReferencingClient(traveller);
    expect(ids).toContain(asTraveller.id);
    expect(ids).toContain(viaService.id);
    expect(ids).not.toContain(asPayer.id);
    expect(ids).toEqual([...ids].sort());
    expect(await repo().idsReferencingClient(uuidv7())).toEqual([]);
  });
});
