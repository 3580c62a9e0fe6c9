import type { CrmClient } from '../../client';
import { setAgency } from '../support/agency';
import { dbRows } from '../support/clients';
import { flight, hotel, newClient } from '../support/orders';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * Coalesced regeneration: a burst of order changes renders the order's documents once (after a
 * short quiet window, outside the relay's transaction), and a change that does not touch what
 * the documents show renders nothing.
 */
describe('documents: coalesced regeneration (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let orderId: string;
  let invoiceId: string;
  let flightId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { PDF_RENDER_WORKERS: '1', DOCUMENTS_REGENERATE_DELAY_MS: '1500' } });
    await setAgency(t.admin);
    operator = (await t.userClient('operator')).client;
    const payer = await newClient(operator, 'Федорова Анна Сергеевна', '2035-01-01');
    const o = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
    orderId = o.data!.id;
    const f = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: flight() as never,
    });
    flightId = f.data!.id;
    const doc = await operator.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type: 'invoice' },
    });
    expect(doc.response.status).toBe(201);
    invoiceId = doc.data!.id;
    await settled();
  });
  afterAll(() => t.close());

  /** Every event of the order delivered and no regeneration waiting. */
  async function settled(): Promise<void> {
    await eventually(async () => {
      const [r] = await dbRows<{ pending: string; queued: string }>(
        t.db.url,
        `SELECT (SELECT count(*) FROM outbox WHERE status = 'pending') AS pending,
                (SELECT count(*) FROM document_regeneration_requests WHERE order_id = $1) AS queued`,
        [orderId],
      );
      return r.pending === '0' && r.queued === '0';
    }, 30_000);
  }

  const invoice = async () =>
    (await operator.GET('/api/v1/documents/{id}', { params: { path: { id: invoiceId } } })).data!;

  it('renders one new version for five services added in a burst', async () => {
    const before = (await invoice()).currentVersion;
    for (let day = 10; day < 15; day += 1) {
      const r = await operator.POST('/api/v1/orders/{id}/services', {
        params: { path: { id: orderId } },
        body: hotel({
          supplier: `Hotel ${day}`,
          startAt: `2027-07-${day}T15:00:00+02:00`,
          endAt: `2027-07-${day + 1}T12:00:00+02:00`,
        }) as never,
      });
      expect(r.response.status).toBe(201);
    }
    await eventually(async () => (await invoice()).currentVersion > before, 30_000);
    await settled();
    const after = await invoice();
    expect(after.currentVersion).toBe(before + 1);
    const versions = await operator.GET('/api/v1/documents/{id}/versions', {
      params: { path: { id: invoiceId } },
    });
    expect(versions.data!.items).toHaveLength(before + 1);
    expect(after.current!.generatedByEventId).toEqual(expect.any(String));
  });

  it('renders nothing for a change the documents do not show', async () => {
    const before = await invoice();
    const order = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
    const r = await operator.PATCH('/api/v1/orders/{id}/services/{serviceId}', {
      params: { path: { id: orderId, serviceId: flightId } },
      body: {
        details: { flightNumber: 'SU2454', crmNote: 'окно у прохода' },
        version: order.data!.version,
      } as never,
    });
    expect(r.response.status).toBe(200);
    // the event was delivered, to every subscriber, so the regeneration ran (then found the
    // rendered inputs unchanged)
    await eventually(async () => {
      const [d] = await dbRows<{ n: string }>(
        t.db.url,
        `SELECT count(*) AS n FROM outbox
          WHERE aggregate_id = $1 AND name = 'orders.service-updated' AND status = 'delivered'`,
        [orderId],
      );
      return d.n === '1';
    }, 30_000);
    await settled();
    expect((await invoice()).currentVersion).toBe(before.currentVersion);
  });
});
