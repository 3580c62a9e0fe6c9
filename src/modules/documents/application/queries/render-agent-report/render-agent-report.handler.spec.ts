import type { ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { sampleDocumentData } from '../../../domain/sample-document-data';
import type { AgencySettingsStore, TemplateStore } from '../../ports/document-stores.port';
import type { PdfRenderer, RenderPdfInput } from '../../ports/pdf-renderer.port';
import { TemplateAssets } from '../../services/template-assets';
import { RenderAgentReportHandler } from './render-agent-report.handler';
import { type AgentReportInput, RenderAgentReportQuery } from './render-agent-report.query';

const report: AgentReportInput = {
  supplier: 'Hotel Louvre',
  month: '2027-06',
  items: [
    {
      orderNumber: '2027-000007',
      type: 'hotel',
      startAt: '2027-06-03T12:00:00.000Z',
      bookingRef: 'HL-7',
      currency: 'RUB',
      gross: '1000.00',
      commission: '100.00',
      net: '900.00',
    },
  ],
  totals: [{ currency: 'RUB', services: 1, gross: '1000.00', commission: '100.00', net: '900.00' }],
};

function setup(opts: { agency?: boolean; template?: boolean } = {}) {
  const renders: RenderPdfInput[] = [];
  const settings = {
    get: async () => (opts.agency === false ? null : { details: sampleDocumentData().agency, version: 1 }),
  } as unknown as AgencySettingsStore;
  const templates = {
    active: async (type: string) =>
      opts.template === false
        ? null
        : { type, version: 4, assets: {}, content: { content: ['{{document.number}} {{supplier.name}}'] } },
  } as unknown as TemplateStore;
  const renderer: PdfRenderer = {
    render: async (input) => {
      renders.push(input);
      return Buffer.from(`%PDF-${JSON.stringify(input.definition)}`);
    },
  };
  const handler = new RenderAgentReportHandler(
    settings,
    templates,
    renderer,
    new TemplateAssets({} as ObjectStorage),
  );
  return { handler, renders };
}

describe('RenderAgentReportHandler', () => {
  it('renders the active agent_report template with the report and a fixed creation date when settings exist', async () => {
    const s = setup();
    const r = await s.handler.execute(new RenderAgentReportQuery(report));
    expect(r.templateVersion).toBe(4);
    expect(r.number).toMatch(/^ОА-2027-06-[0-9A-F]{6}$/);
    expect(r.fileName).toBe(`Отчёт агента ${r.number} (Hotel Louvre, июнь 2027).pdf`);
    expect(r.pdf.toString()).toContain(`${r.number} Hotel Louvre`);
    expect(s.renders[0]).toMatchObject({
      createdAt: '2027-06-30T09:00:00.000Z',
      title: `Отчёт агента № ${r.number}`,
    });
  });

  it('gives identical bytes when asked twice with the same report', async () => {
    const s = setup();
    const a = await s.handler.execute(new RenderAgentReportQuery(report));
    const b = await s.handler.execute(new RenderAgentReportQuery(report));
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });

  it('refuses with DOCUMENTS.AGENCY_SETTINGS_MISSING when the requisites are not set', async () => {
    await expect(
      setup({ agency: false }).handler.execute(new RenderAgentReportQuery(report)),
    ).rejects.toMatchObject({
      code: 'DOCUMENTS.AGENCY_SETTINGS_MISSING',
    });
  });

  it('refuses with not-found when no agent_report template is active', async () => {
    await expect(
      setup({ template: false }).handler.execute(new RenderAgentReportQuery(report)),
    ).rejects.toThrow(/agent_report/);
  });
});
