import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import { FetchCbrRatesCommand } from '../application/commands/fetch-cbr-rates/fetch-cbr-rates.command';
import type { ImportRatesResult } from '../application/commands/import-cbr-rates/import-cbr-rates.command';
import { RecordRateCommand, type RateView } from '../application/commands/record-rate/record-rate.command';
import { ListRatesQuery } from '../application/queries/list-rates/list-rates.query';
import {
  FetchCbrRatesDto,
  ImportRatesResultDto,
  ListRatesQueryDto,
  RateDto,
  RecordRateDto,
} from './rates.dto';

@ApiTags('finance')
@ApiBearerAuth()
@Controller('rates')
export class RatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('finance.read')
  @ApiOperation({
    operationId: 'listRates',
    summary: 'Stored exchange rates (roubles per unit), newest first',
  })
  @ApiOkResponse({ type: PageDtoOf(RateDto) })
  list(@Query() q: ListRatesQueryDto): Promise<Page<RateView>> {
    const { limit: _l, offset: _o, cursor: _c, ...filters } = q;
    return this.queries.execute(new ListRatesQuery(filters, pageWindow(q)));
  }

  @Post()
  @RequirePermission('finance.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'recordRate',
    summary: 'Enter a rate by hand for a currency and date (recorded payments keep their fixed rates)',
  })
  @ApiCreatedResponse({ type: RateDto })
  record(@Body() dto: RecordRateDto, @CurrentActor() actor: Actor): Promise<RateView> {
    return this.commands.execute(new RecordRateCommand(dto.currency, dto.date, dto.rate, actor));
  }

  @Post('cbr-fetch')
  @HttpCode(200)
  @RequirePermission('finance.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'fetchCbrRates',
    summary: 'Download the CBR daily rates from CBR_DAILY_URL and import them (hand-entered rates win)',
  })
  @ApiOkResponse({ type: ImportRatesResultDto })
  fetch(@Body() dto: FetchCbrRatesDto, @CurrentActor() actor: Actor): Promise<ImportRatesResult> {
    return this.commands.execute(new FetchCbrRatesCommand(dto.date, actor));
  }
}
