import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import type { HttpReply as Response } from '../../../shared/http/http-types';
import { RequirePermission } from '../../../shared/auth/decorators';
import { ApiFileResponse } from '../../../shared/http/file-responses';
import { DomainError, ValidationError } from '../../../shared/domain/domain-error';
import { AGENCY_REQUISITES, type AgencyRequisitesSource } from '../contracts/finance.ports';
import { ExportPaymentsQuery } from '../application/queries/export-payments/export-payments.query';
import { elbaCsv, oneCExchange, paymentsCsv } from '../application/services/payment-exports';
import { ApiProblems } from '../../../shared/http/api-problems';

export class ExportPaymentsQueryDto {
  @ApiProperty({ example: '2027-05-01', description: 'paidAt at or after (a date means 00:00 Moscow time)' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from!: string;

  @ApiProperty({ example: '2027-06-01', description: 'paidAt before (a date means 00:00 Moscow time)' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to!: string;

  @ApiProperty({ enum: ['csv', '1c', 'elba'] })
  @IsIn(['csv', '1c', 'elba'])
  format!: 'csv' | '1c' | 'elba';
}

/** A date alone is the start of that day in Moscow. */
const instant = (v: string) =>
  new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+03:00` : v).toISOString();

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(AGENCY_REQUISITES) private readonly requisites: AgencyRequisitesSource,
  ) {}

  @Get('payments')
  @RequirePermission('exports.read')
  @ApiProblems('FINANCE.AGENCY_REQUISITES_MISSING')
  @ApiOperation({
    operationId: 'exportPayments',
    summary:
      'Live payments of a period as CSV, 1CClientBankExchange 1.03 (Windows-1251, CRLF; roubles; the agency’s account and INN ' +
      'from /settings/agency, 409 FINANCE.AGENCY_REQUISITES_MISSING until set) or Kontur.Elba CSV — deterministic, re-runnable',
  })
  @ApiFileResponse('text/csv', 'text/plain')
  async payments(@Query() q: ExportPaymentsQueryDto, @Res({ passthrough: true }) res: Response) {
    const period = { from: instant(q.from), to: instant(q.to) };
    if (period.from >= period.to) throw ValidationError.field('to', 'to must be after from');
    const rows = await this.queries.execute(new ExportPaymentsQuery(period.from, period.to));
    const name = `payments-${q.from.slice(0, 10)}-${q.to.slice(0, 10)}`;
    if (q.format === '1c') {
      const agency = await this.requisites.get();
      if (!agency) {
        throw new DomainError(
          'FINANCE.AGENCY_REQUISITES_MISSING',
          'The 1C file needs the agency’s INN and settlement account: an admin sets the requisites at PUT /api/v1/settings/agency first',
        );
      }
      res.header('content-type', 'text/plain; charset=windows-1251');
      res.header('content-disposition', `attachment; filename="${name}.txt"`);
      return new StreamableFile(oneCExchange(rows, period, agency));
    }
    res.header('content-type', 'text/csv; charset=utf-8');
    res.header(
      'content-disposition',
      `attachment; filename="${name}${q.format === 'elba' ? '-elba' : ''}.csv"`,
    );
    return new StreamableFile(q.format === 'elba' ? elbaCsv(rows) : paymentsCsv(rows));
  }
}
