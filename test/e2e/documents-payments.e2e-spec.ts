import type { CrmClient } from '../../client';
import { sampleDocumentData } from '../../src/modules/documents/domain/sample-document-data';
import { orderWithTotal, pay } from '../support/finance';
import { flat, pdfText } from '../support/pdf';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

describe('documents show payments (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let accountant: CrmClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { PDF_RENDER_WORKERS: '1' } });
    operator = (await t.userClient('operator')).client;
    accountant = (await t.userClient('accountant')).client;
    const set = await t.admin.PUT('/api/v1/settings/agency', { body: sampleDocumentData().agency });
    if (set.response.status !== 200) throw new Error(`agency: ${JSON.stringify(set.error)}`);
  });
  afterAll(() => t.close());

  async function invoiceText(id: string, version: number): Promise<string> {
    const link = await operator.GET('/api/v1/documents/{id}/download', {
      params: { path: { id }, query: { version } },
    });
    expect(link.response.status).toBe(200);
    const url = link.data!.url.startsWith(t.config.publicBaseUrl)
      ? `${t.baseUrl}${link.data!.url.slice(t.config.publicBaseUrl.length)}`
      : link.data!.url;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return flat(pdfText(Buffer.from(await res.arrayBuffer())));
  }

  /** The newest version of the document rendered because of `reason`, once it appears. */
  const versionFor = (id: string, reason: string) =>
    eventually(async () => {
      const r = await operator.GET('/api/v1/documents/{id}/versions', { params: { path: { id } } });
      return r.data!.items.find((v) => v.reason === reason) ?? null;
    }, 30_000);

  it('renders a new invoice version with the paid amount and the reduced amount due when a payment is recorded, and the full due again when it is cancelled', async () => {
    const order = await orderWithTotal(operator, { total: '20000.00' });
    const created = await operator.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: order.id } },
      body: { type: 'invoice' },
    });
    expect(created.response.status).toBe(201);
    const invoice = created.data!;
    const v1 = await invoiceText(invoice.id, 1);
    expect(v1).toContain('Оплачено: 0,00 ₽');
    expect(v1).toContain('Всего к оплате: 20 000,00 ₽');

    const p = await pay(accountant, order.id, { amount: '15000.00' });
    expect(p.response.status).toBe(201);
    // a supplier payment changes nothing the client sees
    const supplier = await pay(accountant, order.id, {
      type: 'supplier_payment',
      amount: '9000.00',
      supplier: 'Экскурсии Плюс',
    });
    expect(supplier.response.status).toBe(201);

    const paid = await versionFor(invoice.id, 'finance.payment-recorded');
    expect(paid.generatedByEventId).toEqual(expect.any(String));
    const paidText = await invoiceText(invoice.id, paid.version);
    expect(paidText).toContain('Оплачено: 15 000,00 ₽');
    expect(paidText).toContain('Всего к оплате: 5 000,00 ₽');

    const c = await accountant.POST('/api/v1/payments/{id}/cancel', {
      params: { path: { id: p.data!.id } },
      body: { reason: 'Ошибочный платёж' },
    });
    expect(c.response.status).toBe(200);
    const back = await versionFor(invoice.id, 'finance.payment-cancelled');
    expect(back.version).toBeGreaterThan(paid.version);
    const backText = await invoiceText(invoice.id, back.version);
    expect(backText).toContain('Оплачено: 0,00 ₽');
    expect(backText).toContain('Всего к оплате: 20 000,00 ₽');
    expect(back.dataSha256).not.toBe(paid.dataSha256);

    // every version but the first was rendered by a client payment event, none by the supplier one
    const versions = await operator.GET('/api/v1/documents/{id}/versions', {
      params: { path: { id: invoice.id } },
    });
    expect(versions.data!.items.map((v) => v.reason).filter((r) => r.startsWith('finance.'))).toEqual([
      'finance.payment-cancelled',
      'finance.payment-recorded',
    ]);
  });
});
