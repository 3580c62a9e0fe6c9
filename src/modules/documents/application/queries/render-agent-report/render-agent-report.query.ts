import { Query } from '@nestjs/cqrs';
import type { AgentReportInput } from '../../../domain/agent-report-data';

export type { AgentReportInput } from '../../../domain/agent-report-data';

export interface RenderedAgentReport {
  pdf: Buffer;
  /** `Отчёт агента ОА-2027-06-1A2B3C (Hotel Louvre, июнь 2027).pdf` (Cyrillic: encode it for headers). */
  fileName: string;
  number: string;
  /** The active agent_report template version it was rendered with. */
  templateVersion: number;
}

/**
 * Contract for other modules (finance: `GET /reports/agent?format=pdf`): renders the agent
 * report from the figures passed in with the active `agent_report` template and the agency's
 * requisites. Nothing is stored; the same data and template give byte-identical PDFs.
 * 409 `DOCUMENTS.AGENCY_SETTINGS_MISSING` until the requisites are set.
 */
export class RenderAgentReportQuery extends Query<RenderedAgentReport> {
  constructor(readonly report: AgentReportInput) {
    super();
  }
}
