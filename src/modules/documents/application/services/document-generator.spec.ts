import type { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import type { DomainEvent } from '../../../../shared/domain/domain-event';
import type { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import type { ObjectStorage, PutObjectInput } from '../../../../shared/storage/object-storage.port';
import type { DocumentType } from '../../domain/document-data';
import type { OrderSnapshot } from '../../domain/order-snapshot';
import { sampleDocumentData } from '../../domain/sample-document-data';
import type {
  AgencySettingsStore,
  DocumentRecord,
  DocumentStore,
  DocumentVersionRecord,
  TemplateStore,
  OrderDocumentRecord,
} from '../ports/document-stores.port';
import type { PdfRenderer, RenderPdfInput } from '../ports/pdf-renderer.port';
import { AgencySettingsMissingError, DocumentFinalError, DocumentGenerator } from './document-generator';
import { TemplateAssets } from './template-assets';

const actor: Actor = { userId: 'u1', role: 'operator', correlationId: 'r1' } as Actor;

function setup(opts: { agency?: boolean } = {}) {
  const docs: DocumentRecord[] = [];
  const versions: DocumentVersionRecord[] = [];
  const events: DomainEvent<object>[] = [];
  const puts: PutObjectInput[] = [];
  const renders: RenderPdfInput[] = [];
  let sequence = 0;
  let total = '1000.00';
  const order = (): OrderSnapshot => ({
    id: 'o1',
    number: '2026-000001',
    status: 'draft',
    currency: 'RUB',
    createdAt: '2026-11-20T12:00:00+03:00',
    deadline: null,
    note: null,
    client: { id: 'c1', fullName: 'Иванов Иван Иванович' },
    travellers: [{ id: 'c1', fullName: 'Иванов Иван Иванович' }],
    totalAmount: total,
    commission: '0',
    supplierCost: total,
    services: [],
    payments: [],
  });
  const store: DocumentStore = {
    lockOrderType: async () => undefined,
    nextSequence: async () => ++sequence,
    insert: async (d) =>
      void docs.push({ ...d, finalizedAt: null, finalizedBy: null, createdAt: d.issuedAt }),
    update: async (d) =>
      void docs.splice(
        docs.findIndex((x) => x.id === d.id),
        1,
        d,
      ),
    get: async (id) => docs.find((d) => d.id === id) ?? null,
    findByOrder: async (orderId, type?: DocumentType) =>
      docs.filter((d) => d.orderId === orderId && (!type || d.type === type)) as OrderDocumentRecord[],
    ordersWithDocuments: async (ids) => ids.filter((id) => docs.some((d) => d.orderId === id)),
    insertVersion: async (v) => void versions.push(v),
    versions: async (id) => versions.filter((v) => v.documentId === id),
    version: async (id, n) => versions.find((v) => v.documentId === id && v.n === n) ?? null,
  };
  const templates = {
    active: async (type: DocumentType) => ({
      id: 't1',
      type,
      version: 3,
      content: { content: ['{{document.number}} {{totals.total}}'] },
      assets: {},
    }),
  } as unknown as TemplateStore;
  const settings = {
    get: async () => (opts.agency === false ? null : { details: sampleDocumentData().agency, version: 1 }),
  } as unknown as AgencySettingsStore;
  const renderer: PdfRenderer = {
    render: async (input) => {
      renders.push(input);
      return Buffer.from(`%PDF-${JSON.stringify(input.definition)}`);
    },
  };
  const storage = { put: async (p: PutObjectInput) => void puts.push(p) } as unknown as ObjectStorage;
  const uow = { run: <T>(fn: () => Promise<T>) => fn() } as unknown as UnitOfWork;
  const outbox = {
    append: async (e: DomainEvent<object>[]) => void events.push(...e),
  } as unknown as OutboxWriter;
  const generator = new DocumentGenerator(
    uow,
    outbox,
    store,
    templates,
    settings,
    { load: async (id) => (id === 'o1' ? order() : null) },
    renderer,
    storage,
    new TemplateAssets(storage),
  );
  return { generator, docs, versions, events, puts, renders, setTotal: (t: string) => (total = t) };
}

describe('DocumentGenerator', () => {
  it('creates the document with the next number, stores the PDF under an unguessable key and records the event', async () => {
    const s = setup();
    const r = await s.generator.generate({ orderId: 'o1', type: 'invoice', actor, reason: 'requested' });
    expect(r).toMatchObject({ status: 'generated', version: 1 });
    expect(s.docs[0]).toMatchObject({
      number: expect.stringMatching(/^СЧ-\d{4}-000001$/),
      currentVersion: 1,
      templateVersion: 3,
    });
    expect(s.puts[0].key).toMatch(new RegExp(`^documents/${s.docs[0].id}/1-[0-9a-f]{32}\\.pdf$`));
    expect(s.versions[0]).toMatchObject({
      n: 1,
      generatedByUser: 'u1',
      generatedByEvent: null,
      reason: 'requested',
    });
    expect(s.renders[0].createdAt).toBe(s.docs[0].issuedAt);
    expect(s.events.map((e) => [e.name, (e.payload as { diff: unknown }).diff])).toEqual([
      ['documents.generated', { currentVersion: { from: null, to: 1 } }],
    ]);
  });

  it('skips regeneration when data and template are unchanged, and renders when the order changed', async () => {
    const s = setup();
    await s.generator.generate({ orderId: 'o1', type: 'invoice', actor, reason: 'requested' });
    const same = await s.generator.generate({
      orderId: 'o1',
      type: 'invoice',
      actor,
      reason: 'orders.status-changed',
      causeEventId: 'e1',
      onlyIfChanged: true,
    });
    expect(same).toMatchObject({ status: 'unchanged', version: 1 });
    s.setTotal('2000.00');
    const changed = await s.generator.generate({
      orderId: 'o1',
      type: 'invoice',
      actor,
      reason: 'orders.totals-recalculated',
      causeEventId: 'e2',
      onlyIfChanged: true,
    });
    expect(changed).toMatchObject({ status: 'generated', version: 2 });
    expect(s.versions[1]).toMatchObject({ n: 2, generatedByUser: null, generatedByEvent: 'e2' });
    expect(s.versions[1].dataSha256).not.toBe(s.versions[0].dataSha256);
    expect(s.puts[1].key).not.toBe(s.puts[0].key);
  });

  it('refuses a final document, an unknown order and missing agency settings', async () => {
    const s = setup();
    await s.generator.generate({ orderId: 'o1', type: 'contract', actor, reason: 'requested' });
    s.docs[0].final = true;
    await expect(
      s.generator.generate({ orderId: 'o1', type: 'contract', actor, reason: 'requested' }),
    ).rejects.toBeInstanceOf(DocumentFinalError);
    await expect(
      s.generator.generate({ orderId: 'nope', type: 'act', actor, reason: 'requested' }),
    ).rejects.toMatchObject({ code: 'COMMON.NOT_FOUND' });
    const noAgency = setup({ agency: false });
    await expect(
      noAgency.generator.generate({ orderId: 'o1', type: 'act', actor, reason: 'requested' }),
    ).rejects.toBeInstanceOf(AgencySettingsMissingError);
    expect(noAgency.docs).toEqual([]);
  });

  it('answers order-gone for an existing document whose order was deleted', async () => {
    const s = setup();
    await s.generator.generate({ orderId: 'o1', type: 'act', actor, reason: 'requested' });
    const doc = { ...s.docs[0], orderId: 'deleted' } as OrderDocumentRecord;
    expect(
      await s.generator.generate(
        { orderId: 'deleted', type: 'act', actor, reason: 'orders.status-changed' },
        doc,
      ),
    ).toEqual({ status: 'order-gone' });
  });
});
