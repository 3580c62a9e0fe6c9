import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJsonOrFileResponse } from '../../../shared/http/file-responses';
import type { HttpReply as Response } from '../../../shared/http/http-types';
import { RequirePermission } from '../../../shared/auth/decorators';
import { pageWindow } from '../../../shared/pagination/page';
import { contentDisposition } from '../../../shared/storage/content-disposition';
import { AGENT_REPORT_PDF_RENDERER, type AgentReportPdfRenderer } from '../contracts/finance.ports';
import { AgentReportQuery } from '../application/queries/reports/agent-report.query';
import { ClientsReportQuery } from '../application/queries/reports/clients-report.query';
import { DebtsReportQuery } from '../application/queries/reports/debts-report.query';
import { ManagersReportQuery } from '../application/queries/reports/managers-report.query';
import { OrdersReportQuery } from '../application/queries/reports/orders-report.query';
import type { ReportFilters, ReportPage } from '../application/queries/reports/report-filters';
import { moscowDate } from '../application/services/rate-book';
import { type CsvColumn, toCsv } from '../application/services/csv';
import {
  AGENT_CSV,
  agentRows,
  agentTotalsRows,
  CLIENT_DEBTS_CSV,
  CLIENTS_CSV,
  clientsRows,
  clientsTotalsRows,
  debtRows,
  debtTotalsRows,
  MANAGERS_CSV,
  managersRows,
  managersTotalsRows,
  ORDERS_CSV,
  ordersRows,
  ordersTotalsRows,
  SUPPLIER_DEBTS_CSV,
} from './report-csv';
import {
  AgentReportDto,
  AgentReportQueryDto,
  ClientsReportDto,
  ClientsReportQueryDto,
  DebtsReportDto,
  DebtsReportQueryDto,
  ManagersReportDto,
  OrdersReportDto,
  ReportQueryDto,
} from './reports.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

type Cells = Record<string, string | number | null>;

function filtersOf(q: ReportQueryDto): ReportFilters {
  return {
    from: q.from,
    to: q.to,
    managerId: q.managerId,
    clientId: q.clientId,
    status: q.status,
    currency: q.currency,
  };
}

/** JSON page, or (format=csv) every row plus the totals rows as an Excel-ready attachment. */
function respond<R, T>(
  res: Response,
  name: string,
  page: ReportPage<R, T>,
  csv: boolean,
  columns: CsvColumn<Cells>[],
  rows: (r: R[]) => Cells[],
  totals: (t: T[]) => Cells[],
): ReportPage<R, T> | StreamableFile {
  if (!csv) return page;
  res.header('content-type', 'text/csv; charset=utf-8');
  res.header('content-disposition', `attachment; filename="${name}-${moscowDate(new Date())}.csv"`);
  return new StreamableFile(toCsv(columns, rows(page.items), totals(page.totals)));
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(AGENT_REPORT_PDF_RENDERER) private readonly pdfs: AgentReportPdfRenderer,
  ) {}

  @Get('orders')
  @RequirePermission('reports.read')
  @ApiOperation({
    operationId: 'reportOrders',
    summary: 'By order: status, totals, paid, due, margin; totals per currency; ?format=csv',
  })
  @ApiJsonOrFileResponse(OrdersReportDto, 'text/csv')
  async orders(@Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const csv = q.format === 'csv';
    const page = await this.queries.execute(new OrdersReportQuery(filtersOf(q), csv ? null : pageWindow(q)));
    return respond(res, 'orders', page, csv, ORDERS_CSV, ordersRows, ordersTotalsRows);
  }

  @Get('clients')
  @RequirePermission('reports.read')
  @ApiOperation({
    operationId: 'reportClients',
    summary: 'By client: orders, turnover, paid, debt (non-cancelled orders); ?format=csv',
  })
  @ApiJsonOrFileResponse(ClientsReportDto, 'text/csv')
  async clients(@Query() q: ClientsReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const csv = q.format === 'csv';
    const page = await this.queries.execute(
      new ClientsReportQuery(filtersOf(q), csv ? null : pageWindow(q), q.sort),
    );
    return respond(res, 'clients', page, csv, CLIENTS_CSV, clientsRows, clientsTotalsRows);
  }

  @Get('managers')
  @RequirePermission('reports.read')
  @ApiOperation({
    operationId: 'reportManagers',
    summary: 'By manager (and period via from/to): orders, turnover, commission, paid, debt; ?format=csv',
  })
  @ApiJsonOrFileResponse(ManagersReportDto, 'text/csv')
  async managers(@Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const csv = q.format === 'csv';
    const page = await this.queries.execute(
      new ManagersReportQuery(filtersOf(q), csv ? null : pageWindow(q)),
    );
    return respond(res, 'managers', page, csv, MANAGERS_CSV, managersRows, managersTotalsRows);
  }

  @Get('debts')
  @RequirePermission('reports.read')
  @ApiOperation({
    operationId: 'reportDebts',
    summary:
      'Debts, largest first: clients who owe (days overdue against the deadline) or, side=suppliers, what the agency owes suppliers; ?format=csv',
  })
  @ApiJsonOrFileResponse(DebtsReportDto, 'text/csv')
  async debts(@Query() q: DebtsReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const csv = q.format === 'csv';
    const side = q.side ?? 'clients';
    const page = await this.queries.execute(
      new DebtsReportQuery(side, filtersOf(q), q.asOf ?? moscowDate(new Date()), csv ? null : pageWindow(q)),
    );
    const columns = side === 'clients' ? CLIENT_DEBTS_CSV : SUPPLIER_DEBTS_CSV;
    return respond(res, `debts-${side}`, page, csv, columns, debtRows, debtTotalsRows);
  }

  @Get('agent')
  @RequirePermission('reports.read')
  @ApiProblems('DOCUMENTS.AGENCY_SETTINGS_MISSING')
  @ApiOperation({
    operationId: 'reportAgent',
    summary:
      'Отчёт агента: a supplier’s services that started in a month, with gross, commission and net; ' +
      '?format=csv, or ?format=pdf (the active agent_report template; 409 DOCUMENTS.AGENCY_SETTINGS_MISSING without agency requisites)',
  })
  @ApiJsonOrFileResponse(AgentReportDto, 'text/csv', 'application/pdf')
  async agent(@Query() q: AgentReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.queries.execute(new AgentReportQuery(q.supplier, q.month));
    if (q.format === 'pdf') {
      const rendered = await this.pdfs.render(report);
      res.header('content-type', 'application/pdf');
      res.header('content-disposition', contentDisposition(rendered.fileName));
      return new StreamableFile(rendered.pdf);
    }
    if (q.format !== 'csv') return report;
    res.header('content-type', 'text/csv; charset=utf-8');
    res.header('content-disposition', `attachment; filename="agent-report-${q.month}.csv"`);
    return new StreamableFile(toCsv(AGENT_CSV, agentRows(report.items), agentTotalsRows(report.totals)));
  }
}
