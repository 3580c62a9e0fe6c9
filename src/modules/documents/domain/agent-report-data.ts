import { createHash } from 'node:crypto';
import type { AgencyDetails } from './document-data';
import { serviceTypeName } from './order-snapshot';

/**
 * What the agent report (отчёт агента) is rendered from: finance's figures for one supplier and
 * month, passed in as they are (documents never reads finance's tables and recomputes nothing).
 */
export interface AgentReportInput {
  supplier: string;
  /** YYYY-MM */
  month: string;
  items: Array<{
    orderNumber: string;
    type: string;
    startAt: string;
    bookingRef: string | null;
    /** The order currency of gross, commission and net. */
    currency: string;
    gross: string;
    commission: string;
    net: string;
  }>;
  totals: Array<{ currency: string; services: number; gross: string; commission: string; net: string }>;
}

export interface AgentReportServiceLine {
  n: number;
  orderNumber: string;
  type: string;
  /** Russian name of the type: Авиаперелёт, Проживание, … */
  typeName: string;
  startAt: string;
  bookingRef: string;
  currency: string;
  gross: string;
  commission: string;
  net: string;
}

/** The data model agent_report templates render (README, Documents). */
export interface AgentReportData {
  document: {
    type: 'agent_report';
    title: string;
    /** `ОА-2027-06-1A2B3C`: the month and a digest of the supplier, so the same report keeps its number. */
    number: string;
    /** YYYY-MM-DD: the last day of the month. */
    date: string;
    /** ISO instant written as the PDF creation date (fixed per month: identical data → identical bytes). */
    issuedAt: string;
    city: string;
    /** YYYY-MM */
    month: string;
    /** `июнь` */
    monthName: string;
    /** `2027` */
    year: string;
    /** YYYY-MM-DD: first and last day of the month. */
    periodFrom: string;
    periodTo: string;
  };
  agency: AgencyDetails;
  supplier: { name: string };
  services: AgentReportServiceLine[];
  /** Per currency, sorted by code. */
  totals: Array<{ currency: string; services: number; gross: string; commission: string; net: string }>;
}

const MONTHS = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];

export const AGENT_REPORT_TITLE = 'Отчёт агента';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `ОА-2027-06-1A2B3C`: stable for a supplier and month (the digest tells suppliers apart). */
export function agentReportNumber(supplier: string, month: string): string {
  const digest = createHash('sha256').update(supplier.normalize('NFC'), 'utf8').digest('hex');
  return `ОА-${month}-${digest.slice(0, 6).toUpperCase()}`;
}

/** The file name a download gets: `Отчёт агента ОА-2027-06-1A2B3C (Hotel Louvre, июнь 2027).pdf`. */
export function agentReportFileName(data: AgentReportData): string {
  return `${data.document.title} ${data.document.number} (${data.supplier.name}, ${data.document.monthName} ${data.document.year}).pdf`;
}

export function buildAgentReportData(input: AgentReportInput, agency: AgencyDetails): AgentReportData {
  const m = MONTH.exec(input.month);
  if (!m) throw new RangeError(`month must be YYYY-MM, got "${input.month}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const periodTo = `${input.month}-${String(lastDay).padStart(2, '0')}`;
  return {
    document: {
      type: 'agent_report',
      title: AGENT_REPORT_TITLE,
      number: agentReportNumber(input.supplier, input.month),
      date: periodTo,
      // noon of the last day, Moscow time: inside the month in every time zone a reader may use
      issuedAt: new Date(`${periodTo}T12:00:00+03:00`).toISOString(),
      city: 'Москва',
      month: input.month,
      monthName: MONTHS[month - 1],
      year: String(year),
      periodFrom: `${input.month}-01`,
      periodTo,
    },
    agency,
    supplier: { name: input.supplier },
    services: input.items.map((s, i) => ({
      n: i + 1,
      orderNumber: s.orderNumber,
      type: s.type,
      typeName: serviceTypeName(s.type),
      startAt: s.startAt,
      bookingRef: s.bookingRef ?? '',
      currency: s.currency,
      gross: s.gross,
      commission: s.commission,
      net: s.net,
    })),
    totals: [...input.totals]
      .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
      .map((t) => ({ ...t })),
  };
}
