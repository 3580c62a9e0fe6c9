import { Global, Injectable, Module } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  AGENCY_REQUISITES,
  AGENT_REPORT_PDF_RENDERER,
  type AgencyRequisites,
  type AgencyRequisitesSource,
  type AgentReport,
  type AgentReportPdf,
  type AgentReportPdfRenderer,
} from '../../../finance/contracts/finance.ports';
import { GetAgencySettingsQuery } from '../../application/queries/get-agency-settings/get-agency-settings.query';
import { RenderAgentReportQuery } from '../../application/queries/render-agent-report/render-agent-report.query';

/** Documents' side of finance's {@link AgentReportPdfRenderer}: the agent report through the active template. */
@Injectable()
export class QueryBusAgentReportPdfRenderer implements AgentReportPdfRenderer {
  constructor(private readonly queries: QueryBus) {}

  render(report: AgentReport): Promise<AgentReportPdf> {
    return this.queries.execute(new RenderAgentReportQuery(report));
  }
}

/** Documents' side of finance's {@link AgencyRequisitesSource}: from the agency settings. */
@Injectable()
export class QueryBusAgencyRequisites implements AgencyRequisitesSource {
  constructor(private readonly queries: QueryBus) {}

  async get(): Promise<AgencyRequisites | null> {
    const agency = await this.queries.execute(new GetAgencySettingsQuery());
    return agency ? { name: agency.shortName, inn: agency.inn, account: agency.account } : null;
  }
}

/** Provides finance's ports application-wide, so finance needs no import of documents. */
@Global()
@Module({
  providers: [
    { provide: AGENT_REPORT_PDF_RENDERER, useClass: QueryBusAgentReportPdfRenderer },
    { provide: AGENCY_REQUISITES, useClass: QueryBusAgencyRequisites },
  ],
  exports: [AGENT_REPORT_PDF_RENDERER, AGENCY_REQUISITES],
})
export class FinancePortsModule {}
