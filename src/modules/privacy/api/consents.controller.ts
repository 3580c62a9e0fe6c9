import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { IdParam } from '../../../shared/http/id-param';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { AddConsentTextCommand } from '../application/commands/add-consent-text/add-consent-text.command';
import { RecordConsentCommand } from '../application/commands/record-consent/record-consent.command';
import {
  WithdrawConsentCommand,
  type WithdrawalResult,
} from '../application/commands/withdraw-consent/withdraw-consent.command';
import type { ConsentTextView, ConsentView } from '../application/ports/privacy-store.port';
import { ListConsentTextsQuery } from '../application/queries/list-consent-texts/list-consent-texts.query';
import { ListConsentsQuery } from '../application/queries/list-consents/list-consents.query';
import {
  AddConsentTextDto,
  ConsentRecordDto,
  ConsentTextDto,
  ListConsentsQueryDto,
  RecordConsentDto,
  WithdrawalDto,
  WithdrawConsentDto,
} from './privacy.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class ConsentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('consent-texts')
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listConsentTexts',
    summary: 'Every version of the consent texts (the active one is shown by the web form and bots)',
  })
  @ApiOkResponse({ type: [ConsentTextDto] })
  texts(): Promise<ConsentTextView[]> {
    return this.queries.execute(new ListConsentTextsQuery());
  }

  @Post('consent-texts')
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'addConsentText',
    summary: 'A new version of a consent text (texts are never edited); 409 when the version exists',
  })
  @ApiCreatedResponse({ type: ConsentTextDto })
  addText(@Body() dto: AddConsentTextDto, @CurrentActor() actor: Actor): Promise<ConsentTextView> {
    return this.commands.execute(
      new AddConsentTextCommand(
        { purpose: dto.purpose, version: dto.version, body: dto.body, activate: dto.activate ?? true },
        actor,
      ),
    );
  }

  @Get('consents')
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listConsents',
    summary: 'The consent register, newest first; ?clientId= for one client',
  })
  @ApiOkResponse({ type: [ConsentRecordDto] })
  list(@Query() q: ListConsentsQueryDto): Promise<ConsentView[]> {
    return this.queries.execute(new ListConsentsQuery({ clientId: q.clientId }));
  }

  @Post('consents')
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'recordConsent',
    summary: 'Record a consent given on paper or in person (manual entry), with its evidence',
  })
  @ApiCreatedResponse({ type: ConsentRecordDto })
  record(@Body() dto: RecordConsentDto, @CurrentActor() actor: Actor): Promise<ConsentView> {
    return this.commands.execute(
      new RecordConsentCommand(
        {
          subjectKind: 'client',
          subjectId: dto.clientId,
          clientId: dto.clientId,
          purpose: dto.purpose ?? 'intake',
          textVersion: dto.textVersion,
          channel: dto.channel,
          givenAt: new Date(dto.givenAt).toISOString(),
          evidence: { ...(dto.evidence ?? {}), enteredBy: actor.userId },
        },
        actor,
      ),
    );
  }

  @Post('consents/:id/withdraw')
  @HttpCode(200)
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiProblems('PRIVACY.ALREADY_WITHDRAWN')
  @ApiOperation({
    operationId: 'withdrawConsent',
    summary:
      'Withdraw a consent: processing for its purpose stops (bots stop writing to the person); the data is due for ' +
      'destruction after 30 days unless a legal basis keeps it — the response names the bases; 409 when already withdrawn',
  })
  @ApiOkResponse({ type: WithdrawalDto })
  withdraw(
    @IdParam() id: string,
    @Body() dto: WithdrawConsentDto,
    @CurrentActor() actor: Actor,
  ): Promise<WithdrawalResult> {
    return this.commands.execute(new WithdrawConsentCommand(id, dto.channel ?? 'manual', actor));
  }
}
