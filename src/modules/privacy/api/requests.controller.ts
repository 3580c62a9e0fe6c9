import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { ValidationError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { CloseRequestCommand } from '../application/commands/close-request/close-request.command';
import { ExtendRequestCommand } from '../application/commands/extend-request/extend-request.command';
import { RegisterRequestCommand } from '../application/commands/register-request/register-request.command';
import {
  type PrivacyJobsResult,
  RunPrivacyJobsCommand,
} from '../application/commands/run-privacy-jobs/run-privacy-jobs.command';
import { SetCalendarDayCommand } from '../application/commands/set-calendar-day/set-calendar-day.command';
import type { RequestView } from '../application/ports/privacy-store.port';
import { ListCalendarQuery } from '../application/queries/list-calendar/list-calendar.query';
import { ListRequestsQuery } from '../application/queries/list-requests/list-requests.query';
import {
  CalendarDayDto,
  CalendarQueryDto,
  CloseRequestDto,
  ExtendRequestDto,
  ListRequestsQueryDto,
  RegisterRequestDto,
  RequestDto,
  RetentionResultDto,
  RunRetentionDto,
  SetCalendarDayDto,
} from './privacy.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class RequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('requests')
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listPrivacyRequests',
    summary: 'Subject requests by due date; ?overdue=true for open ones past it',
  })
  @ApiOkResponse({ type: [RequestDto] })
  list(@Query() q: ListRequestsQueryDto): Promise<RequestView[]> {
    return this.queries.execute(
      new ListRequestsQuery({
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        status: q.status,
        clientId: q.clientId,
      }),
    );
  }

  @Post('requests')
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'registerPrivacyRequest',
    summary:
      'Register a subject request; due in 10 working days of the production calendar, counted from the next day',
  })
  @ApiCreatedResponse({ type: RequestDto })
  register(@Body() dto: RegisterRequestDto, @CurrentActor() actor: Actor): Promise<RequestView> {
    return this.commands.execute(
      new RegisterRequestCommand(
        { kind: dto.kind, clientId: dto.clientId ?? null, channel: dto.channel, receivedAt: dto.receivedAt },
        actor,
      ),
    );
  }

  @Post('requests/:id/extend')
  @HttpCode(200)
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiProblems('PRIVACY.ALREADY_EXTENDED', 'PRIVACY.REQUEST_CLOSED')
  @ApiOperation({
    operationId: 'extendPrivacyRequest',
    summary: 'Extend once by 5 working days with a reason; 409 the second time',
  })
  @ApiOkResponse({ type: RequestDto })
  extend(
    @IdParam() id: string,
    @Body() dto: ExtendRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<RequestView> {
    return this.commands.execute(new ExtendRequestCommand(id, dto.reason.trim(), actor));
  }

  @Post('requests/:id/close')
  @HttpCode(200)
  @RequirePermission('privacy.write')
  @Idempotent()
  @ApiProblems('PRIVACY.REQUEST_CLOSED')
  @ApiOperation({ operationId: 'closePrivacyRequest', summary: 'Record the answer (answered or refused)' })
  @ApiOkResponse({ type: RequestDto })
  close(
    @IdParam() id: string,
    @Body() dto: CloseRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<RequestView> {
    return this.commands.execute(new CloseRequestCommand(id, dto.status, dto.answer, actor));
  }

  @Get('calendar')
  @RequirePermission('privacy.read')
  @ApiOperation({
    operationId: 'listProductionCalendar',
    summary: 'The listed days of a year (other weekdays work, weekends rest)',
  })
  @ApiOkResponse({ type: [CalendarDayDto] })
  calendar(@Query() q: CalendarQueryDto) {
    return this.queries.execute(new ListCalendarQuery(Number(q.year)));
  }

  @Put('calendar/:day')
  @RequirePermission('privacy.write')
  @ApiOperation({
    operationId: 'setProductionCalendarDay',
    summary: 'Mark a day a holiday or a transferred working day (or clear it)',
  })
  @ApiOkResponse({ type: [CalendarDayDto] })
  async setDay(@Param('day') day: string, @Body() dto: SetCalendarDayDto, @CurrentActor() actor: Actor) {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
      Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
      new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day
    ) {
      throw ValidationError.field('day', 'day must be a calendar date YYYY-MM-DD');
    }
    await this.commands.execute(new SetCalendarDayCommand(day, dto.kind ?? null, dto.note ?? '', actor));
    return this.queries.execute(new ListCalendarQuery(Number(day.slice(0, 4))));
  }

  @Post('retention/run')
  @HttpCode(200)
  @RequirePermission('privacy.destroy')
  @ApiOperation({
    operationId: 'runPrivacyRetention',
    summary:
      'Run the retention job now: never-converted applications older than PRIVACY_APPLICATION_RETENTION_DAYS and data of ' +
      'consents withdrawn past their deadline are destroyed with an act; dryRun counts and changes nothing',
  })
  @ApiOkResponse({ type: RetentionResultDto })
  retention(@Body() dto: RunRetentionDto): Promise<PrivacyJobsResult> {
    return this.commands.execute(new RunPrivacyJobsCommand({ dryRun: dto.dryRun }));
  }
}
