import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpRequest as Request } from '../../../shared/http/http-types';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { ApiIfMatch, expectedVersion } from '../../../shared/http/expected-version';
import { IdParam } from '../../../shared/http/id-param';
import { receiveFile } from '../../../shared/http/multipart';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import type {
  ApplicationListItemView,
  ApplicationView,
  AttachmentView,
} from '../application/application.view';
import { AttachApplicationFileCommand } from '../application/commands/attach-application-file/attach-application-file.command';
import { ConvertApplicationCommand } from '../application/commands/convert-application/convert-application.command';
import type { ConvertApplicationResult } from '../application/commands/convert-application/convert-application.command';
import { CreateApplicationCommand } from '../application/commands/create-application/create-application.command';
import { UpdateApplicationCommand } from '../application/commands/update-application/update-application.command';
import { GetApplicationQuery } from '../application/queries/get-application/get-application.query';
import {
  type DownloadLink,
  GetAttachmentLinkQuery,
} from '../application/queries/get-attachment-link/get-attachment-link.query';
import { ListApplicationsQuery } from '../application/queries/list-applications/list-applications.query';
import { AttachmentTooLargeError, MAX_ATTACHMENT_BYTES } from '../domain/application';
import {
  ApplicationAttachmentDto,
  ApplicationAttachmentLinkDto,
  ApplicationDto,
  ApplicationListItemDto,
  ConvertApplicationDto,
  ConvertedApplicationDto,
  CreateApplicationDto,
  ListApplicationsQueryDto,
  UpdateApplicationDto,
  UploadApplicationAttachmentDto,
} from './application.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('applications.read')
  @ApiOperation({
    operationId: 'listApplications',
    summary:
      'List applications, newest first: filters by status, source, assignee, client, created from/to; contacts masked',
  })
  @ApiOkResponse({ type: PageDtoOf(ApplicationListItemDto) })
  list(@Query() q: ListApplicationsQueryDto): Promise<Page<ApplicationListItemView>> {
    return this.queries.execute(
      new ListApplicationsQuery(
        {
          status: q.status,
          source: q.source,
          assigneeId: q.assigneeId,
          clientId: q.clientId,
          number: q.number,
          from: q.from?.toISOString(),
          to: q.to?.toISOString(),
        },
        pageWindow(q),
      ),
    );
  }

  @Post()
  @RequirePermission('applications.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'createApplication',
    summary: 'Record an application; linked to the client whose e-mail or phone matches the contact, if any',
  })
  @ApiCreatedResponse({ type: ApplicationDto })
  async create(@Body() dto: CreateApplicationDto, @CurrentActor() actor: Actor): Promise<ApplicationView> {
    const { id } = await this.commands.execute(new CreateApplicationCommand(dto, actor));
    return this.read(id, actor, 'createApplication');
  }

  @Get(':id')
  @RequirePermission('applications.read')
  @ApiOperation({
    operationId: 'getApplication',
    summary:
      'One application with its contact and raw payload (roles with clients.read-pii, audited as pii.read); ' +
      'contact masked and no payload for the others',
  })
  @ApiOkResponse({ type: ApplicationDto })
  get(@IdParam() id: string, @CurrentActor() actor: Actor): Promise<ApplicationView> {
    return this.read(id, actor, 'getApplication');
  }

  @Patch(':id')
  @RequirePermission('applications.write')
  @ApiIfMatch()
  @ApiProblems('APPLICATIONS.INVALID_TRANSITION', 'APPLICATIONS.ALREADY_CONVERTED')
  @ApiOperation({
    operationId: 'updateApplication',
    summary: 'Change text, contact, linked client, assignee or status (409 lists the allowed status changes)',
  })
  @ApiOkResponse({ type: ApplicationDto })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateApplicationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationView> {
    const { version, ...changes } = dto;
    await this.commands.execute(
      new UpdateApplicationCommand(id, expectedVersion(version, ifMatch), changes, actor),
    );
    return this.read(id, actor, 'updateApplication');
  }

  @Post(':id/convert')
  @HttpCode(201)
  @RequirePermission('applications.write')
  @Idempotent()
  @ApiProblems('APPLICATIONS.INVALID_TRANSITION', 'APPLICATIONS.ALREADY_CONVERTED', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'convertApplication',
    summary:
      'Turn the application into a draft order (creating the client from the contact if none is linked); ' +
      'a converted or rejected application answers 409',
  })
  @ApiCreatedResponse({ type: ConvertedApplicationDto })
  convert(
    @IdParam() id: string,
    @Body() dto: ConvertApplicationDto,
    @CurrentActor() actor: Actor,
  ): Promise<ConvertApplicationResult> {
    return this.commands.execute(new ConvertApplicationCommand(id, actor, { currency: dto?.currency }));
  }

  @Post(':id/attachments')
  @RequirePermission('applications.write')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadApplicationAttachmentDto })
  @ApiProblems('APPLICATIONS.ALREADY_CONVERTED', 'COMMON.UNSUPPORTED_MEDIA_TYPE', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'attachApplicationFile',
    summary:
      'Attach a file (multipart field `file`, ≤ 20 MiB → else 413); the type is sniffed from the content — ' +
      'PDF, images, DOCX, XLSX; anything else 415',
  })
  @ApiCreatedResponse({ type: ApplicationAttachmentDto })
  async attach(
    @IdParam() id: string,
    @Req() req: Request,
    @CurrentActor() actor: Actor,
  ): Promise<AttachmentView> {
    const file = await receiveFile(req.raw, {
      field: 'file',
      maxBytes: MAX_ATTACHMENT_BYTES,
      tooLarge: () => new AttachmentTooLargeError(),
    });
    try {
      return await this.commands.execute(
        new AttachApplicationFileCommand(id, { stream: file.stream, fileName: file.fileName }, actor),
      );
    } catch (err) {
      await file.drain();
      throw err;
    }
  }

  @Get(':id/attachments/:attachmentId/download')
  @RequirePermission('clients.read-pii')
  @ApiOperation({
    operationId: 'downloadApplicationFile',
    summary: 'A short-lived (5 min) download link to an attachment of an application',
  })
  @ApiOkResponse({ type: ApplicationAttachmentLinkDto })
  async download(
    @IdParam() id: string,
    @IdParam('attachmentId') attachmentId: string,
  ): Promise<DownloadLink> {
    const link = await this.queries.execute(new GetAttachmentLinkQuery(id, attachmentId));
    if (!link) throw new NotFoundError('attachment', attachmentId);
    return link;
  }

  private async read(id: string, viewer: Actor, via: string): Promise<ApplicationView> {
    const view = await this.queries.execute(new GetApplicationQuery(id, viewer, via));
    if (!view) throw new NotFoundError('application', id);
    return view;
  }
}
