import { setAgency } from '../support/agency';
import { pay } from '../support/finance';
import { flight, hotel, newClient } from '../support/orders';
import { flat, pdfText } from '../support/pdf';
import { startTestApp, type TestApp } from '../support/test-app';

/** Documents as staff and customers read them: local times, a sole proprietor's contract, the invoice's words. */
describe('documents read right (e2e, pdftotext)', () => {
  let t: TestApp;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { PDF_RENDER_WORKERS: '1' } });
    const clientId = await newClient(t.admin, 'Соколова Мария Петровна');
    const o = await t.admin.POST('/api/v1/orders', { body: { clientId, currency: 'RUB' } });
    orderId = o.data!.id;
    for (const s of [flight(), hotel({ rate: '98.5' })]) {
      const r = await t.admin.POST('/api/v1/orders/{id}/services', {
        params: { path: { id: orderId } },
        body: s as never,
      });
      if (r.response.status !== 201) throw new Error(JSON.stringify(r.error));
    }
  });
  afterAll(() => t.close());

  async function render(type: 'contract' | 'invoice' | 'proposal'): Promise<string> {
    const doc = await t.admin.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type },
    });
    expect(doc.response.status).toBe(201);
    const link = await t.admin.GET('/api/v1/documents/{id}/download', {
      params: { path: { id: doc.data!.id } },
    });
    const url = link.data!.url.startsWith(t.config.publicBaseUrl)
      ? `${t.baseUrl}${link.data!.url.slice(t.config.publicBaseUrl.length)}`
      : link.data!.url;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return flat(pdfText(Buffer.from(await res.arrayBuffer())));
  }

  it('prints a Paris hotel’s check-in as 15:00 Paris time with both dates and the nights when the agency is in Moscow', async () => {
    await setAgency(t.admin);
    const text = await render('proposal');
    expect(text).toContain('01.06.2027 15:00 — 05.06.2027 12:00 (Париж), 4 ночи');
    // the flight leaves Moscow at 10:00 (no label) and lands at 14:00 Paris time
    expect(text).toContain('01.06.2027 10:00 — 01.06.2027 14:00 (Париж)');
    expect(text).not.toContain('01.06.2027 16:00');
  });

  it('writes an organisation’s signatory in the genitive with the basis when the contract is rendered', async () => {
    await setAgency(t.admin, {
      signatoryName: 'Орлов Пётр Ильич',
      signatoryPosition: 'Генеральный директор',
      signatoryNameGenitive: undefined,
      signatoryPositionGenitive: undefined,
      signatoryBasis: 'доверенности № 5 от 01.02.2026',
    });
    const text = await render('contract');
    expect(text).toContain(
      'именуемое в дальнейшем «Турагент», в лице генерального директора Орлова Петра Ильича, действующего на основании доверенности № 5 от 01.02.2026',
    );
    expect(text).toContain('Соколова Мария Петровна, именуемая в дальнейшем «Заказчик»');
  });

  it('speaks of a sole proprietor (ИП) without «в лице» and «Устава» when the agency is one', async () => {
    const bad = await t.admin.PUT('/api/v1/settings/agency', {
      body: {
        ...(await t.admin.GET('/api/v1/settings/agency')).data!,
        legalForm: 'sole_proprietor',
      } as never,
    });
    expect(bad.response.status).toBe(422);
    await setAgency(t.admin, {
      legalForm: 'sole_proprietor',
      legalName: 'Индивидуальный предприниматель Кравец Ольга Николаевна',
      shortName: 'ИП Кравец О. Н.',
      inn: '500100732259',
      ogrn: '304500116000157',
      kpp: '',
      signatoryName: 'Кравец Ольга Николаевна',
      signatoryPosition: 'Индивидуальный предприниматель',
      signatoryNameGenitive: undefined,
      signatoryPositionGenitive: undefined,
      signatoryBasis: undefined,
    });
    const text = await render('contract');
    expect(text).toContain(
      'Индивидуальный предприниматель Кравец Ольга Николаевна (ИНН 500100732259, ОГРНИП 304500116000157), именуемая в дальнейшем «Турагент», действующая на основании записи в ЕГРИП',
    );
    expect(text).not.toContain('в лице');
    expect(text).not.toContain('Устава');
  });

  it('says in words what is paid and what is due, with a decimal-comma rate and ₽ in the header, after a partial payment', async () => {
    await setAgency(t.admin);
    const order = await t.admin.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
    expect(order.data!.totalAmount).toBe('69400.00');
    const paid = await pay(t.admin, orderId, { amount: '20000.00' });
    expect(paid.response.status).toBe(201);
    const text = await render('invoice');
    expect(text).toContain('Сумма, ₽');
    expect(text).not.toContain('Сумма, RUB');
    expect(text).toContain('курс 98,5');
    expect(text).not.toMatch(/курс \d+\.\d/);
    expect(text).toContain('Шестьдесят девять тысяч четыреста рублей 00 копеек');
    expect(text).toContain(
      'Оплачено двадцать тысяч рублей 00 копеек. К оплате: сорок девять тысяч четыреста рублей 00 копеек',
    );
  });
});
