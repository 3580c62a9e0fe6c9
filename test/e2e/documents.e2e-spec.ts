import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrmClient } from '../../client';
import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { newClient, MOW, PAR } from '../support/orders';
import { flat, pdfText } from '../support/pdf';
import { startS3Server, type TestS3Server } from '../support/s3rver';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/** A 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const TYPES = ['contract', 'invoice', 'act', 'proposal'] as const;
const AGENCY = (() => {
  const { vatNote, ...rest } = SAMPLE_AGENCY;
  return { ...rest, vatNote };
})();
const TEMPLATE = (type: string) =>
  JSON.parse(readFileSync(join(process.cwd(), 'templates', `${type}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

const SERVICES = [
  {
    type: 'flight',
    startAt: '2027-06-01T10:00:00+03:00',
    endAt: '2027-06-01T14:00:00+02:00',
    location: MOW,
    destination: PAR,
    supplier: 'Аэрофлот',
    price: '90000.00',
    currency: 'RUB',
    commission: { percent: '5' },
    bookingRef: 'ABC123',
    details: { flightNumber: 'SU2454' },
  },
  {
    type: 'transfer',
    startAt: '2027-06-01T15:00:00+02:00',
    endAt: '2027-06-01T16:00:00+02:00',
    location: { ...PAR, address: 'Аэропорт Шарль-де-Голль' },
    destination: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', address: 'Отель Le Marais' },
    supplier: 'Paris Transfers SARL',
    price: '120.00',
    currency: 'EUR',
    rate: '98.50',
    commission: { percent: '10' },
  },
  {
    type: 'hotel',
    startAt: '2027-06-01T16:30:00+02:00',
    endAt: '2027-06-07T12:00:00+02:00',
    location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', address: 'Rue de Rivoli 1' },
    supplier: 'Hôtel Le Marais',
    price: '1450.00',
    currency: 'EUR',
    rate: '98.50',
    commission: { amount: '100.00' },
    details: { hotelName: 'Отель Le Marais 4*', room: 'семейный номер' },
  },
  {
    type: 'excursion',
    startAt: '2027-06-02T10:00:00+02:00',
    endAt: '2027-06-02T14:00:00+02:00',
    location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' },
    supplier: 'Русский гид в Париже',
    price: '180.00',
    currency: 'EUR',
    rate: '98.50',
    commission: { percent: '10' },
    details: { title: 'Обзорная экскурсия с гидом' },
  },
  {
    type: 'other',
    startAt: '2027-06-03T09:00:00+02:00',
    endAt: '2027-06-06T21:00:00+02:00',
    location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' },
    supplier: 'Paris Musées',
    price: '45.50',
    currency: 'EUR',
    rate: '98.50',
    commission: { percent: '0' },
    details: { title: 'Музейная карта Paris Museum Pass' },
  },
  {
    type: 'flight',
    startAt: '2027-06-07T15:30:00+02:00',
    endAt: '2027-06-07T21:30:00+03:00',
    location: PAR,
    destination: MOW,
    supplier: 'Аэрофлот',
    price: '85000.00',
    currency: 'RUB',
    commission: { percent: '5' },
    bookingRef: 'ABC124',
    details: { flightNumber: 'SU2455' },
  },
];

/** The realistic order of the issue: 3 travellers, 6 services in RUB and EUR. */
async function realisticOrder(as: CrmClient) {
  const payer = await newClient(as, 'Иванов Иван Иванович');
  const wife = await newClient(as, 'Иванова Мария Петровна');
  const son = await newClient(as, 'Иванов Пётр Иванович');
  const created = await as.POST('/api/v1/orders', {
    body: {
      clientId: payer,
      travellerIds: [payer, wife, son],
      currency: 'RUB',
      deadline: '2027-05-15T18:00:00+03:00',
    },
  });
  if (created.response.status !== 201) throw new Error(`order: ${JSON.stringify(created.error)}`);
  const id = created.data!.id;
  for (const s of SERVICES) {
    const r = await as.POST('/api/v1/orders/{id}/services', {
      params: { path: { id } },
      body: { ...s, travellerIds: [payer, wife, son] } as never,
    });
    if (r.response.status !== 201) throw new Error(`service: ${JSON.stringify(r.error)}`);
  }
  const order = await as.GET('/api/v1/orders/{id}', { params: { path: { id } } });
  return order.data!;
}

async function download(t: TestApp, as: CrmClient, id: string, version?: number): Promise<Buffer> {
  const link = await as.GET('/api/v1/documents/{id}/download', {
    params: { path: { id }, query: version ? { version } : {} },
  });
  if (link.response.status !== 200) throw new Error(`download: ${JSON.stringify(link.error)}`);
  const url = link.data!.url.startsWith(t.config.publicBaseUrl)
    ? `${t.baseUrl}${link.data!.url.slice(t.config.publicBaseUrl.length)}`
    : link.data!.url;
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('documents (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let accountant: CrmClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { PDF_RENDER_WORKERS: '1', DOCUMENT_LINK_TTL_SECONDS: '3' } });
    operator = (await t.userClient('operator')).client;
    accountant = (await t.userClient('accountant')).client;
  });
  afterAll(() => t.close());

  describe('agency settings', () => {
    it('refuses documents with 409 until the agency requisites are set, then an admin sets them', async () => {
      const missing = await t.admin.GET('/api/v1/settings/agency');
      expect(missing.response.status).toBe(404);

      const bad = await t.admin.PUT('/api/v1/settings/agency', {
        body: { ...AGENCY, inn: '7707083894', bik: '044525225', account: '40702810938000012346' },
      });
      expect(bad.response.status).toBe(422);
      expect((bad.error as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
        'inn',
        'account',
      ]);

      const denied = await operator.PUT('/api/v1/settings/agency', { body: AGENCY });
      expect(denied.response.status).toBe(403);

      const set = await t.admin.PUT('/api/v1/settings/agency', { body: AGENCY });
      expect(set.response.status).toBe(200);
      expect(set.data).toMatchObject({ ...AGENCY, version: 1 });

      const stale = await t.admin.PUT('/api/v1/settings/agency', {
        body: { ...AGENCY, phone: '+7 495 000-00-00', version: 0 },
      });
      expect(stale.response.status).toBe(409);
      const read = await accountant.GET('/api/v1/settings/agency');
      expect(read.data).toMatchObject({ inn: AGENCY.inn, version: 1 });
    });
  });

  describe('templates', () => {
    it('lists the seven defaults (four order documents, the agent report and the two personal-data documents) as active version 1', async () => {
      const r = await operator.GET('/api/v1/templates');
      expect(r.data!.items.map((v) => [v.type, v.version, v.active])).toEqual([
        ['act', 1, true],
        ['agent_report', 1, true],
        ['contract', 1, true],
        ['destruction_act', 1, true],
        ['invoice', 1, true],
        ['personal_data_report', 1, true],
        ['proposal', 1, true],
      ]);
    });

    it('rejects a broken template with 422 naming the problem and keeps the active version', async () => {
      const broken = TEMPLATE('invoice');
      (broken.content as unknown[]).push('Итого {{totals.totl}} и {{client.fullName');
      const r = await t.admin.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'invoice' } },
        body: { content: broken, comment: 'опечатка' },
      });
      expect(r.response.status).toBe(422);
      const problem = r.error as {
        code: string;
        detail: string;
        errors: Array<{ field: string; message: string }>;
      };
      expect(problem.code).toBe('TEMPLATES.INVALID');
      expect(problem.errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/unbalanced \{\{ \}\}/),
        expect.stringMatching(/unknown placeholder "totals.totl"/),
      ]);

      const unrenderable = await t.admin.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'invoice' } },
        body: {
          content: { content: [{ image: 'logo' }], images: { logo: 'https://evil.example/x.png' } },
          comment: 'x',
        },
      });
      expect(unrenderable.response.status).toBe(422);
      expect((unrenderable.error as { detail: string }).detail).toMatch(
        /trial render failed: .*Access to URL denied/,
      );

      const versions = await t.admin.GET('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'invoice' } },
      });
      expect(versions.data!.items.map((v) => [v.version, v.active])).toEqual([[1, true]]);
    });

    it('inlines an uploaded logo from object storage and refuses an asset that is not an image', async () => {
      const withLogo = TEMPLATE('act');
      withLogo.images = { logo: 'asset:logo' };
      (withLogo.content as unknown[]).unshift({ image: 'logo', width: 40 });
      const notImage = await t.admin.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'act' } },
        body: {
          content: withLogo,
          comment: 'logo',
          assets: { logo: { contentType: 'image/png', data: Buffer.from('not a png').toString('base64') } },
        },
      });
      expect(notImage.response.status).toBe(422);
      expect((notImage.error as { detail: string }).detail).toMatch(/assets.logo: must be a PNG or JPEG/);
      const missing = await t.admin.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'act' } },
        body: { content: withLogo, comment: 'logo' },
      });
      expect((missing.error as { detail: string }).detail).toMatch(/unknown asset "logo"/);

      const ok = await t.admin.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'act' } },
        body: {
          content: withLogo,
          comment: 'Логотип',
          activate: false,
          assets: { logo: { contentType: 'image/png', data: PNG } },
        },
      });
      expect(ok.response.status).toBe(201);
      expect(ok.data).toMatchObject({ version: 2, active: false, assets: ['logo'] });
      const active = await t.admin.GET('/api/v1/templates');
      expect(active.data!.items.find((v) => v.type === 'act')!.version).toBe(1);

      // active for a moment: a document renders with the logo read back from object storage
      await t.admin.POST('/api/v1/templates/{type}/versions/{version}/activate', {
        params: { path: { type: 'act', version: 2 } },
      });
      const payer = await newClient(operator, 'Логотипов Лев Львович');
      const o = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
      const doc = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: o.data!.id } },
        body: { type: 'act' },
      });
      expect(doc.response.status).toBe(201);
      expect(doc.data!.templateVersion).toBe(2);
      const pdf = await download(t, operator, doc.data!.id);
      expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true);
      await t.admin.POST('/api/v1/templates/{type}/versions/{version}/activate', {
        params: { path: { type: 'act', version: 1 } },
      });
    });

    it('adds a version, rolls back to the older one, and audits both when an admin manages templates', async () => {
      const v2 = TEMPLATE('proposal');
      (v2.content as unknown[]).push({ text: 'Версия 2: {{agency.phone}}' });
      const denied = await operator.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'proposal' } },
        body: { content: v2, comment: 'v2' },
      });
      expect(denied.response.status).toBe(403);
      const added = await t.admin.POST('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'proposal' } },
        body: { content: v2, comment: 'Телефон внизу' },
      });
      expect(added.response.status).toBe(201);
      expect(added.data).toMatchObject({
        type: 'proposal',
        version: 2,
        active: true,
        comment: 'Телефон внизу',
      });

      const rollback = await t.admin.POST('/api/v1/templates/{type}/versions/{version}/activate', {
        params: { path: { type: 'proposal', version: 1 } },
      });
      expect(rollback.response.status).toBe(200);
      const versions = await operator.GET('/api/v1/templates/{type}/versions', {
        params: { path: { type: 'proposal' } },
      });
      expect(versions.data!.items.map((v) => [v.version, v.active])).toEqual([
        [2, false],
        [1, true],
      ]);
      const audit = await eventually(async () => {
        const r = await t.admin.GET('/api/v1/audit', {
          params: { query: { entity: 'template', limit: 50 } },
        });
        const actions = r.data!.items.map((e) => e.action);
        return actions.includes('templates.version-added') &&
          actions.filter((a) => a === 'templates.version-activated').length >= 4
          ? r.data!.items
          : null;
      });
      expect(
        audit.find(
          (e) =>
            e.action === 'templates.version-activated' &&
            (e.diff as { activeVersion: { to: number } }).activeVersion.to === 1,
        )?.diff,
      ).toEqual({
        activeVersion: { from: 2, to: 1 },
      });
      const missing = await t.admin.POST('/api/v1/templates/{type}/versions/{version}/activate', {
        params: { path: { type: 'proposal', version: 9 } },
      });
      expect(missing.response.status).toBe(404);
    });
  });

  describe('documents of a realistic order', () => {
    let order: Awaited<ReturnType<typeof realisticOrder>>;
    const docs: Record<string, { id: string; number: string }> = {};

    beforeAll(async () => {
      order = await realisticOrder(operator);
    });

    it.each(TYPES)(
      'renders the %s with the order number, the client, every service and the total in figures and words',
      async (type) => {
        const r = await operator.POST('/api/v1/orders/{id}/documents', {
          params: { path: { id: order.id } },
          body: { type },
        });
        expect(r.response.status).toBe(201);
        expect(r.data).toMatchObject({
          type,
          orderId: order.id,
          currentVersion: 1,
          final: false,
          templateVersion: 1,
        });
        expect(r.data!.number).toMatch(/^(Д|СЧ|А|КП)-\d{4}-\d{6}$/);
        docs[type] = r.data!;
        const text = flat(pdfText(await download(t, operator, r.data!.id)));
        expect(text).toContain(order.number);
        expect(text).toContain(r.data!.number);
        expect(text).toContain('Иванов Иван Иванович');
        expect(text).toContain('Иванова Мария Петровна');
        for (const name of [
          'SU2454',
          'Le Marais',
          'Paris Museum Pass',
          'Обзорная экскурсия с гидом',
          'SU2455',
        ]) {
          expect(text).toContain(name);
        }
        expect(order.totalAmount).toBe('351856.75');
        expect(text).toContain('351 856,75 ₽');
        expect(text.toLowerCase()).toContain(
          'триста пятьдесят одна тысяча восемьсот пятьдесят шесть рублей 75 копеек',
        );
        expect(r.data!.current!.size).toBeGreaterThan(10_000);
      },
    );

    it('gives identical SHA-256 of the data and the PDF when the same document is rendered again unchanged', async () => {
      const again = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: order.id } },
        body: { type: 'invoice' },
      });
      expect(again.data!.currentVersion).toBe(2);
      const versions = await operator.GET('/api/v1/documents/{id}/versions', {
        params: { path: { id: docs.invoice.id } },
      });
      const [v2, v1] = versions.data!.items;
      expect(v2.version).toBe(2);
      expect(v2.sha256).toBe(v1.sha256);
      expect(v2.dataSha256).toBe(v1.dataSha256);
      const bytes = await download(t, operator, docs.invoice.id, 2);
      expect(sha(bytes)).toBe(v1.sha256);
    });

    it('renders a new invoice version when a service is added, and version 1 still downloads with its original bytes', async () => {
      const v1 = await download(t, accountant, docs.invoice.id, 1);
      const finalized = await operator.POST('/api/v1/documents/{id}/finalize', {
        params: { path: { id: docs.contract.id } },
      });
      expect(finalized.data).toMatchObject({ final: true, currentVersion: 1 });

      const added = await operator.POST('/api/v1/orders/{id}/services', {
        params: { path: { id: order.id } },
        body: {
          type: 'excursion',
          startAt: '2027-06-05T10:00:00+02:00',
          endAt: '2027-06-05T13:00:00+02:00',
          location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' },
          supplier: 'Версаль Тур',
          price: '150.00',
          currency: 'EUR',
          rate: '98.50',
          commission: { percent: '10' },
          details: { title: 'Экскурсия в Версаль' },
          travellerIds: order.travellerIds,
        } as never,
      });
      expect(added.response.status).toBe(201);

      const invoice = await eventually(async () => {
        const r = await operator.GET('/api/v1/documents/{id}', { params: { path: { id: docs.invoice.id } } });
        return r.data!.currentVersion >= 3 ? r.data! : null;
      }, 30_000);
      expect(invoice.current!.reason).toMatch(/^orders\./);
      expect(invoice.current!.generatedByEventId).toEqual(expect.any(String));
      expect(invoice.current!.generatedByUserId).toBeNull();
      const latest = flat(pdfText(await download(t, operator, docs.invoice.id)));
      expect(latest).toContain('Экскурсия в Версаль');
      expect(latest).toContain('366 631,75 ₽');

      const again = await download(t, accountant, docs.invoice.id, 1);
      expect(sha(again)).toBe(sha(v1));
      expect(flat(pdfText(again))).not.toContain('Экскурсия в Версаль');

      // the final contract is not replaced: the timeline of the document says it is outdated
      await eventually(async () => {
        const r = await t.admin.GET('/api/v1/audit', {
          params: {
            query: {
              entity: 'document',
              entityId: docs.contract.id,
              action: 'documents.outdated',
              limit: 10,
            },
          },
        });
        return r.data!.items.length > 0;
      }, 30_000);
      // … and so does the order's timeline
      const outdated = await eventually(async () => {
        const r = await operator.GET('/api/v1/orders/{id}/timeline', {
          params: { path: { id: order.id }, query: { limit: 200 } },
        });
        return r.data!.items.find((e) => e.kind === 'documents.outdated') ?? null;
      }, 30_000);
      expect(outdated.summary).toMatch(/^Документ договор № .+ выдан и больше не соответствует заказу$/);
      const contract = await operator.GET('/api/v1/documents/{id}', {
        params: { path: { id: docs.contract.id } },
      });
      expect(contract.data).toMatchObject({ final: true, currentVersion: 1 });
      const replace = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: order.id } },
        body: { type: 'contract' },
      });
      expect(replace.response.status).toBe(409);
      expect((replace.error as { code: string }).code).toBe('DOCUMENTS.FINAL');
    });

    it('lists the order’s documents and answers 404 for unknown ones', async () => {
      const r = await accountant.GET('/api/v1/orders/{id}/documents', { params: { path: { id: order.id } } });
      expect(r.data!.items.map((d) => d.type).sort()).toEqual(['act', 'contract', 'invoice', 'proposal']);
      const missing = await operator.GET('/api/v1/documents/{id}', {
        params: { path: { id: '01930000-0000-7000-8000-000000000009' } },
      });
      expect(missing.response.status).toBe(404);
      const noVersion = await operator.GET('/api/v1/documents/{id}/download', {
        params: { path: { id: docs.act.id }, query: { version: 7 } },
      });
      expect(noVersion.response.status).toBe(404);
      const noOrder = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: '01930000-0000-7000-8000-000000000009' } },
        body: { type: 'act' },
      });
      expect(noOrder.response.status).toBe(404);
    });

    it('creates one document when two requests for a new type race', async () => {
      const payer = await newClient(operator, 'Гонкин Гонка Гоновна');
      const o = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
      const [a, b] = await Promise.all(
        [1, 2].map(() =>
          operator.POST('/api/v1/orders/{id}/documents', {
            params: { path: { id: o.data!.id } },
            body: { type: 'proposal' },
          }),
        ),
      );
      expect([a.response.status, b.response.status]).toEqual([201, 201]);
      expect(a.data!.id).toBe(b.data!.id);
      expect([a.data!.currentVersion, b.data!.currentVersion].sort()).toEqual([1, 2]);
    });

    it('numbers documents of a type gap-free per year when several orders get them at once', async () => {
      const orders = await Promise.all(
        [1, 2, 3].map(async () => {
          const payer = await newClient(operator, 'Сидоров Сидор Сидорович');
          const r = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
          return r.data!.id;
        }),
      );
      const made = await Promise.all(
        orders.map((id) =>
          operator.POST('/api/v1/orders/{id}/documents', { params: { path: { id } }, body: { type: 'act' } }),
        ),
      );
      const numbers = made.map((m) => m.data!.number).sort();
      const year = Number(
        new Intl.DateTimeFormat('en', { timeZone: 'Europe/Moscow', year: 'numeric' }).format(new Date()),
      );
      const seqs = numbers.map((n) => Number(n.slice(`А-${year}-`.length)));
      expect(numbers.every((n) => n.startsWith(`А-${year}-`))).toBe(true);
      // the act of the realistic order (and the logo test's) came before: the next three follow without a gap
      expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
      const all = await operator.GET('/api/v1/orders/{id}/documents', { params: { path: { id: order.id } } });
      const realisticAct = Number(all.data!.items.find((d) => d.type === 'act')!.number.slice(-6));
      expect(seqs[0]).toBe(realisticAct + 1);
    });

    it('keeps issued documents downloadable when their order is deleted', async () => {
      const payer = await newClient(operator, 'Удалёнов Ушёл Ушедшович');
      const o = await operator.POST('/api/v1/orders', { body: { clientId: payer, currency: 'RUB' } });
      const doc = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: o.data!.id } },
        body: { type: 'proposal' },
      });
      const before = await download(t, operator, doc.data!.id);
      const del = await operator.DELETE('/api/v1/orders/{id}', {
        params: { path: { id: o.data!.id } },
        headers: { 'If-Match': `"${o.data!.version}"` },
      });
      expect(del.response.status).toBe(204);
      const still = await operator.GET('/api/v1/documents/{id}', { params: { path: { id: doc.data!.id } } });
      expect(still.data).toMatchObject({ id: doc.data!.id, currentVersion: 1 });
      expect(sha(await download(t, operator, doc.data!.id))).toBe(sha(before));
      const again = await operator.POST('/api/v1/orders/{id}/documents', {
        params: { path: { id: o.data!.id } },
        body: { type: 'proposal' },
      });
      expect(again.response.status).toBe(404);
    });

    it('rejects a download link once it has expired', async () => {
      const link = await operator.GET('/api/v1/documents/{id}/download', {
        params: { path: { id: docs.act.id } },
      });
      const url = `${t.baseUrl}${link.data!.url.slice(t.config.publicBaseUrl.length)}`;
      expect(Date.parse(link.data!.expiresAt) - Date.now()).toBeLessThanOrEqual(3_000);
      await new Promise((r) => setTimeout(r, 4_000));
      const res = await fetch(url);
      expect(res.status).toBe(410);
    });
  });
});

describe('documents on S3 (e2e)', () => {
  let s3: TestS3Server;
  let t: TestApp;

  beforeAll(async () => {
    s3 = await startS3Server();
    t = await startTestApp({
      env: { ...s3.env('crm-documents'), PDF_RENDER_WORKERS: '1', DOCUMENT_LINK_TTL_SECONDS: '2' },
    });
    await t.admin.PUT('/api/v1/settings/agency', { body: AGENCY });
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it('stores the PDF in the bucket and hands out a presigned link that works, then expires', async () => {
    const order = await realisticOrder(t.admin);
    const doc = await t.admin.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: order.id } },
      body: { type: 'invoice' },
    });
    expect(doc.response.status).toBe(201);
    const link = await t.admin.GET('/api/v1/documents/{id}/download', {
      params: { path: { id: doc.data!.id } },
    });
    expect(link.data!.url.startsWith(s3.endpoint)).toBe(true);
    expect(link.data!.url).toContain('X-Amz-Signature=');
    const res = await fetch(link.data!.url);
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(sha(pdf)).toBe(doc.data!.current!.sha256);
    expect(flat(pdfText(pdf))).toContain(order.number);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await fetch(link.data!.url)).status).toBe(403);
  });
});
