import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AgentReportInput,
  agentReportFileName,
  agentReportNumber,
  buildAgentReportData,
} from './agent-report-data';
import { sampleDocumentData } from './sample-document-data';
import { renderTemplate } from './template-engine';

const agency = sampleDocumentData().agency;

const input = (over: Partial<AgentReportInput> = {}): AgentReportInput => ({
  supplier: 'Hotel Louvre',
  month: '2027-02',
  items: [
    {
      orderNumber: '2027-000001',
      type: 'hotel',
      startAt: '2027-02-01T12:00:00.000Z',
      bookingRef: 'HL-1',
      currency: 'RUB',
      gross: '1000.00',
      commission: '100.00',
      net: '900.00',
    },
    {
      orderNumber: '2027-000002',
      type: 'yacht',
      startAt: '2027-02-28T12:00:00.000Z',
      bookingRef: null,
      currency: 'EUR',
      gross: '50.00',
      commission: '5.00',
      net: '45.00',
    },
  ],
  totals: [
    { currency: 'RUB', services: 1, gross: '1000.00', commission: '100.00', net: '900.00' },
    { currency: 'EUR', services: 1, gross: '50.00', commission: '5.00', net: '45.00' },
  ],
  ...over,
});

describe('buildAgentReportData', () => {
  it('covers the whole month and is dated its last day when the month is February', () => {
    const d = buildAgentReportData(input(), agency).document;
    expect(d).toMatchObject({
      type: 'agent_report',
      title: 'Отчёт агента',
      month: '2027-02',
      monthName: 'февраль',
      year: '2027',
      periodFrom: '2027-02-01',
      periodTo: '2027-02-28',
      date: '2027-02-28',
      issuedAt: '2027-02-28T09:00:00.000Z',
    });
    expect(buildAgentReportData(input({ month: '2028-02' }), agency).document.periodTo).toBe('2028-02-29');
    expect(buildAgentReportData(input({ month: '2027-12' }), agency).document.periodTo).toBe('2027-12-31');
  });

  it('numbers the lines, names the service types and blanks a missing booking when given rows', () => {
    const { services } = buildAgentReportData(input(), agency);
    expect(services.map((s) => [s.n, s.typeName, s.bookingRef])).toEqual([
      [1, 'Проживание', 'HL-1'],
      [2, 'Прочая услуга', ''],
    ]);
    expect(services[1]).toMatchObject({ gross: '50.00', commission: '5.00', net: '45.00', currency: 'EUR' });
  });

  it('sorts the totals by currency without touching the figures when they come unsorted', () => {
    const { totals } = buildAgentReportData(input(), agency);
    expect(totals.map((t) => t.currency)).toEqual(['EUR', 'RUB']);
    expect(totals[1]).toEqual({
      currency: 'RUB',
      services: 1,
      gross: '1000.00',
      commission: '100.00',
      net: '900.00',
    });
  });

  it('throws when the month is not YYYY-MM', () => {
    expect(() => buildAgentReportData(input({ month: '2027-13' }), agency)).toThrow(RangeError);
  });

  it('gives identical data when the input is the same', () => {
    expect(buildAgentReportData(input(), agency)).toEqual(buildAgentReportData(input(), agency));
  });
});

describe('agentReportNumber and agentReportFileName', () => {
  it('keeps the number for a supplier and month and tells suppliers apart when they differ', () => {
    const n = agentReportNumber('Hotel Louvre', '2027-02');
    expect(n).toMatch(/^ОА-2027-02-[0-9A-F]{6}$/);
    expect(agentReportNumber('Hotel Louvre', '2027-02')).toBe(n);
    expect(agentReportNumber('Hotel Lutetia', '2027-02')).not.toBe(n);
    expect(agentReportNumber('Hotel Louvre', '2027-03').slice(-6)).toBe(n.slice(-6));
  });

  it('names the file in Russian with the number, supplier and month when built', () => {
    const data = buildAgentReportData(input({ supplier: 'Гостиница «Русь»' }), agency);
    expect(agentReportFileName(data)).toBe(
      `Отчёт агента ${data.document.number} (Гостиница «Русь», февраль 2027).pdf`,
    );
  });
});

describe('the default agent_report template', () => {
  it('prints the title, both parties, every line and the totals in words when rendered', () => {
    const template: unknown = JSON.parse(
      readFileSync(join(process.cwd(), 'templates', 'agent_report.json'), 'utf8'),
    );
    const text = JSON.stringify(renderTemplate(template, buildAgentReportData(input(), agency)));
    expect(text).toContain(
      `Отчёт агента № ${agentReportNumber('Hotel Louvre', '2027-02')} за февраль 2027 г.`,
    );
    expect(text).toContain('Hotel Louvre');
    expect(text).toContain(agency.legalName.replace(/"/g, '\\"'));
    expect(text).toContain('2027-000001');
    expect(text).toContain(', бронь HL-1');
    expect(text).toContain('Вознаграждение агента: Сто рублей 00 копеек');
    expect(text).toContain('К перечислению принципалу (нетто): Сорок пять евро 00 евроцентов');
  });

  it('says there were no services when the list is empty', () => {
    const template: unknown = JSON.parse(
      readFileSync(join(process.cwd(), 'templates', 'agent_report.json'), 'utf8'),
    );
    const text = JSON.stringify(
      renderTemplate(template, buildAgentReportData(input({ items: [], totals: [] }), agency)),
    );
    expect(text).toContain('В отчётном периоде услуг принципала не было.');
  });
});
