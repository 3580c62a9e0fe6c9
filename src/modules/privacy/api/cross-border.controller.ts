import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError, ValidationError } from '../../../shared/domain/domain-error';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageOf, pageWindow, wholePage } from '../../../shared/pagination/page';
import { RecordTransferCommand } from '../application/commands/record-transfer/record-transfer.command';
import { SetCountryCommand } from '../application/commands/set-country/set-country.command';
import type { CountryView, TransferView } from '../application/ports/cross-border-store.port';
import { ListCountriesQuery } from '../application/queries/list-countries/list-countries.query';
import { ListTransfersQuery } from '../application/queries/list-transfers/list-transfers.query';
import {
  CountryDto,
  ListTransfersQueryDto,
  RecordTransferDto,
  SetCountryDto,
  TransferDto,
} from './cross-border.dto';

function countryCode(raw: string): string {
  if (!/^[A-Za-z]{2}$/.test(raw))
    throw ValidationError.field('code', 'code must be an ISO 3166-1 alpha-2 code');
  return raw.toUpperCase();
}

/** Cross-border transfers of personal data (152-FZ art. 12): the register and the agency's country list. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class CrossBorderController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('cross-border-transfers')
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listCrossBorderTransfers',
    summary: 'The register of transfers of personal data abroad, newest first (optionally of one country)',
  })
  @ApiOkResponse({ type: PageDtoOf(TransferDto) })
  async listTransfers(@Query() q: ListTransfersQueryDto): Promise<Page<TransferView>> {
    const w = pageWindow(q);
    const r = await this.queries.execute(
      new ListTransfersQuery({ country: q.country?.toUpperCase(), limit: w.limit, offset: w.offset }),
    );
    return pageOf(r.items, r.total, w);
  }

  @Post('cross-border-transfers')
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'recordCrossBorderTransfer',
    summary:
      'Record a transfer abroad (country, recipient, purpose, categories, the date Roskomnadzor was notified); ' +
      'a notified transfer clears the PRIVACY.CROSS_BORDER_UNNOTIFIED warning of orders with that supplier',
  })
  @ApiCreatedResponse({ type: TransferDto })
  recordTransfer(@Body() dto: RecordTransferDto, @CurrentActor() actor: Actor): Promise<TransferView> {
    return this.commands.execute(new RecordTransferCommand({ ...dto }, actor));
  }

  @Get('countries')
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listPrivacyCountries',
    summary:
      'The countries the agency lists, adequate protection or not (seeded empty: a country not listed counts as not adequate)',
  })
  @ApiOkResponse({ type: PageDtoOf(CountryDto) })
  async listCountries(): Promise<Page<CountryView>> {
    return wholePage(await this.queries.execute(new ListCountriesQuery()));
  }

  @Get('countries/:code')
  @RequirePermission('privacy.read')
  @ApiParam({ name: 'code', example: 'TR', description: 'ISO 3166-1 alpha-2' })
  @ApiOperation({ operationId: 'getPrivacyCountry', summary: 'One country of the list; 404 when not listed' })
  @ApiOkResponse({ type: CountryDto })
  async getCountry(@Param('code') raw: string): Promise<CountryView> {
    const code = countryCode(raw);
    const [c] = await this.queries.execute(new ListCountriesQuery(code));
    if (!c) throw new NotFoundError('country', code);
    return c;
  }

  @Put('countries/:code')
  @RequirePermission('privacy.write')
  @ApiParam({ name: 'code', example: 'TR', description: 'ISO 3166-1 alpha-2' })
  @ApiOperation({
    operationId: 'setPrivacyCountry',
    summary:
      'Add a country to the list or change it: adequate protection of personal data yes or no (audited)',
  })
  @ApiOkResponse({ type: CountryDto })
  setCountry(
    @Param('code') raw: string,
    @Body() dto: SetCountryDto,
    @CurrentActor() actor: Actor,
  ): Promise<CountryView> {
    return this.commands.execute(new SetCountryCommand(countryCode(raw), { ...dto }, actor));
  }
}
