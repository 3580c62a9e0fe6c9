import type { CrmClient } from '../../client';
import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { hotel, newClient } from '../support/orders';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

interface ProblemSchema {
  allOf?: Array<{ properties?: { code?: { enum?: string[] } } }>;
}

describe('privacy: cross-border transfers, the country list and the order warning (e2e)', () => {
  let t: TestApp;
  let supervisor: CrmClient;
  let operator: CrmClient;
  let orderId: string;
  let turkishServiceId: string;
  let openapi: { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

  const enumOf = (path: string, method: string, status: number): string[] => {
    const r = openapi.paths[path][method].responses[String(status)] as {
      content: Record<string, { schema: ProblemSchema }>;
    };
    return r.content['application/problem+json'].schema.allOf?.[1]?.properties?.code?.enum ?? [];
  };

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = (await t.userClient('supervisor')).client;
    operator = (await t.userClient('operator')).client;
    await t.admin.PUT('/api/v1/settings/agency', { body: SAMPLE_AGENCY as never });
    openapi = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as typeof openapi;

    const clientId = await newClient(operator, 'Туристов Иван Петрович');
    const order = await operator.POST('/api/v1/orders', { body: { clientId } });
    expect(order.response.status).toBe(201);
    orderId = order.data!.id;
    const tr = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: hotel({
        location: { city: 'Анталья', country: 'TR', timeZone: 'Europe/Istanbul', address: 'Lara 1' },
        startAt: '2027-07-01T15:00:00+03:00',
        endAt: '2027-07-08T12:00:00+03:00',
        supplier: 'Anex Tour',
        supplierCountry: 'tr',
      }) as never,
    });
    expect(tr.response.status).toBe(201);
    expect(tr.data!.supplierCountry).toBe('TR');
    turkishServiceId = tr.data!.id;
    const de = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: hotel({
        location: { city: 'Берлин', country: 'DE', timeZone: 'Europe/Berlin', address: 'Unter den Linden 1' },
        startAt: '2027-07-10T15:00:00+02:00',
        endAt: '2027-07-12T12:00:00+02:00',
        supplier: 'Adlon GmbH',
        supplierCountry: 'DE',
      }) as never,
    });
    expect(de.response.status).toBe(201);
  });
  afterAll(() => t.close());

  it('keeps the country list: PUT adds or changes a country (audited), GET reads it, 404 when unlisted', async () => {
    const put = await supervisor.PUT('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'TR' } },
      body: { name: 'Турция', adequate: true },
    });
    expect(put.response.status).toBe(200);
    const changed = await supervisor.PUT('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'tr' } },
      body: { name: 'Турция', adequate: false, note: 'не входит в перечень' },
    });
    expect(changed.data).toMatchObject({ code: 'TR', adequate: false, note: 'не входит в перечень' });
    await supervisor.PUT('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'DE' } },
      body: { name: 'Германия', adequate: true },
    });
    const got = await supervisor.GET('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'TR' } },
    });
    expect(got.data).toMatchObject({ code: 'TR', name: 'Турция', adequate: false });
    const list = await supervisor.GET('/api/v1/privacy/countries');
    expect(list.data!.items.map((c) => c.code)).toEqual(['DE', 'TR']);
    const missing = await supervisor.GET('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'AE' } },
    });
    expect(missing.response.status).toBe(404);
    const bad = await supervisor.PUT('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'TUR' } },
      body: { name: 'Турция', adequate: false },
    });
    expect(bad.response.status).toBe(422);
    const noFlag = await supervisor.PUT('/api/v1/privacy/countries/{code}', {
      params: { path: { code: 'EG' } },
      body: { name: 'Египет' } as never,
    });
    expect(noFlag.response.status).toBe(422);
    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'privacy.country-set' } },
      });
      return r.data!.items.length >= 3 ? r.data!.items : null;
    });
    expect(audit.map((a) => a.diff)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'TR', adequate: false, adequateBefore: true }),
        expect.objectContaining({ code: 'TR', adequate: true, adequateBefore: null }),
      ]),
    );
  });

  it('warns on the order (conflict-style) for the supplier in a non-adequate country, not for the adequate one', async () => {
    const order = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
    const warnings = order.data!.conflicts.filter((c) => c.code === 'PRIVACY.CROSS_BORDER_UNNOTIFIED');
    expect(warnings).toEqual([
      expect.objectContaining({ severity: 'warning', serviceIds: [turkishServiceId], travellerIds: [] }),
    ]);
    expect(warnings[0].message).toContain('Anex Tour');
    const conflicts = await operator.GET('/api/v1/orders/{id}/conflicts', {
      params: { path: { id: orderId } },
    });
    expect(conflicts.data!.items.filter((c) => c.code === 'PRIVACY.CROSS_BORDER_UNNOTIFIED')).toHaveLength(1);
  });

  it('refuses documents without force (409, a code of the operation in openapi.json), forbids force to an operator, audits a forced one', async () => {
    const refused = await operator.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type: 'invoice' },
    });
    expect(refused.response.status).toBe(409);
    const code = (refused.error as { code: string }).code;
    expect(code).toBe('PRIVACY.TRANSFER_NOT_NOTIFIED');
    expect(enumOf('/api/v1/orders/{id}/documents', 'post', 409)).toContain(code);
    expect(refused.response.headers.get('content-type')).toContain('application/problem+json');

    const operatorForce = await operator.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type: 'invoice', force: true },
    });
    expect(operatorForce.response.status).toBe(403);

    const forced = await supervisor.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type: 'invoice', force: true },
    });
    expect(forced.response.status).toBe(201);
    const documentId = forced.data!.id;

    const finalize = await operator.POST('/api/v1/documents/{id}/finalize', {
      params: { path: { id: documentId } },
    });
    expect(finalize.response.status).toBe(409);
    expect(enumOf('/api/v1/documents/{id}/finalize', 'post', 409)).toContain(
      (finalize.error as { code: string }).code,
    );
    const finalized = await supervisor.POST('/api/v1/documents/{id}/finalize', {
      params: { path: { id: documentId } },
      body: { force: true },
    });
    expect(finalized.response.status).toBe(200);
    expect(finalized.data!.final).toBe(true);

    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'documents.cross-border-forced', entityId: documentId } },
      });
      return r.data!.items.length === 2 ? r.data!.items : null;
    });
    expect(audit.map((a) => (a.diff as { action: string }).action).sort()).toEqual(['finalize', 'generate']);
    expect(audit[0].diff).toMatchObject({ orderId, transfers: [{ serviceId: turkishServiceId }] });
  });

  it('records transfers; only one with a notification date for that country and recipient clears the warning', async () => {
    const unnotified = await supervisor.POST('/api/v1/privacy/cross-border-transfers', {
      body: {
        country: 'TR',
        recipient: 'Anex Tour',
        purpose: 'бронирование проживания',
        categories: ['фамилия, имя', 'паспортные данные'],
      },
    });
    expect(unnotified.response.status).toBe(201);
    expect(unnotified.data!.notifiedOn).toBeNull();
    const otherRecipient = await supervisor.POST('/api/v1/privacy/cross-border-transfers', {
      body: {
        country: 'TR',
        recipient: 'Pegas Touristik',
        purpose: 'бронирование',
        categories: ['фамилия, имя'],
        notifiedOn: '2026-11-20',
      },
    });
    expect(otherRecipient.response.status).toBe(201);
    const still = await operator.GET('/api/v1/orders/{id}/conflicts', { params: { path: { id: orderId } } });
    expect(still.data!.items.some((c) => c.code === 'PRIVACY.CROSS_BORDER_UNNOTIFIED')).toBe(true);

    const notified = await supervisor.POST('/api/v1/privacy/cross-border-transfers', {
      body: {
        country: 'tr',
        recipient: ' anex tour ',
        purpose: 'бронирование проживания',
        categories: ['фамилия, имя', 'паспортные данные', 'даты поездки'],
        notifiedOn: '2026-11-25',
      },
    });
    expect(notified.response.status).toBe(201);
    expect(notified.data).toMatchObject({ country: 'TR', recipient: 'anex tour', notifiedOn: '2026-11-25' });

    const list = await supervisor.GET('/api/v1/privacy/cross-border-transfers', {
      params: { query: { country: 'TR' } },
    });
    expect(list.data!.total).toBe(3);
    expect(list.data!.items[0].id).toBe(notified.data!.id);

    const cleared = await operator.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
    expect(cleared.data!.conflicts.some((c) => c.code === 'PRIVACY.CROSS_BORDER_UNNOTIFIED')).toBe(false);
    const proposal = await operator.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type: 'proposal' },
    });
    expect(proposal.response.status).toBe(201);
    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'privacy.transfer-recorded', entityId: notified.data!.id } },
      });
      return r.data!.items[0];
    });
    expect(audit.diff).toMatchObject({ country: 'TR', notifiedOn: '2026-11-25' });
  });

  it('validates transfers and keeps the register to supervisors and admins', async () => {
    const base = { country: 'TR', recipient: 'Anex Tour', purpose: 'бронирование', categories: ['ФИО'] };
    const wrongCountry = await supervisor.POST('/api/v1/privacy/cross-border-transfers', {
      body: { ...base, country: 'Turkey' },
    });
    expect(wrongCountry.response.status).toBe(422);
    const future = await supervisor.POST('/api/v1/privacy/cross-border-transfers', {
      body: { ...base, notifiedOn: '2999-01-01' },
    });
    expect(future.response.status).toBe(422);
    const noCategories = await supervisor.POST('/api/v1/privacy/cross-border-transfers', {
      body: { ...base, categories: [] },
    });
    expect(noCategories.response.status).toBe(422);
    expect((await operator.GET('/api/v1/privacy/cross-border-transfers')).response.status).toBe(403);
    expect(
      (await operator.POST('/api/v1/privacy/cross-border-transfers', { body: base })).response.status,
    ).toBe(403);
    expect(
      (
        await operator.PUT('/api/v1/privacy/countries/{code}', {
          params: { path: { code: 'TR' } },
          body: { name: 'Турция', adequate: true },
        })
      ).response.status,
    ).toBe(403);
    const badSupplierCountry = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: hotel({ supplierCountry: 'T1' }) as never,
    });
    expect(badSupplierCountry.response.status).toBe(422);
    expect(JSON.stringify(badSupplierCountry.error)).toContain('supplierCountry');
  });
});
