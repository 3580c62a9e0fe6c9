import type { AgentReport } from '../application/queries/reports/agent-report.query';

/**
 * Ports finance declares and documents implements (documents owns templates, PDFs and the agency's
 * requisites). The dependency points documents → finance only: finance never imports documents,
 * and documents reads what it needs of finance (payments, the agent report's figures) through
 * finance's queries and these contracts.
 */

/** The agent report rendered with the active `agent_report` template. */
export interface AgentReportPdf {
  pdf: Buffer;
  /** `Отчёт агента ОА-2027-06-1A2B3C (Hotel Louvre, июнь 2027).pdf` (Cyrillic: encode it for headers). */
  fileName: string;
  number: string;
  templateVersion: number;
}

export interface AgentReportPdfRenderer {
  /** 409 `DOCUMENTS.AGENCY_SETTINGS_MISSING` until the agency's requisites are set. */
  render(report: AgentReport): Promise<AgentReportPdf>;
}

export const AGENT_REPORT_PDF_RENDERER = Symbol('AGENT_REPORT_PDF_RENDERER');

/** The agency's requisites a bank file needs (1C exchange). */
export interface AgencyRequisites {
  name: string;
  inn: string;
  account: string;
}

export interface AgencyRequisitesSource {
  /** Null until an admin sets the agency's requisites. */
  get(): Promise<AgencyRequisites | null>;
}

export const AGENCY_REQUISITES = Symbol('AGENCY_REQUISITES');

export type { AgentReport } from '../application/queries/reports/agent-report.query';
