import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpReply as Response } from '../../../shared/http/http-types';
import { contentDisposition } from '../../../shared/storage/content-disposition';
import { ApiFileResponse } from '../../../shared/http/file-responses';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, wholePage } from '../../../shared/pagination/page';
import { ActivateTemplateVersionCommand } from '../application/commands/activate-template-version/activate-template-version.command';
import { AddTemplateVersionCommand } from '../application/commands/add-template-version/add-template-version.command';
import type { TemplateVersionDetailView, TemplateVersionView } from '../application/documents.views';
import { GetTemplateVersionQuery } from '../application/queries/get-template-version/get-template-version.query';
import { ListTemplateVersionsQuery } from '../application/queries/list-template-versions/list-template-versions.query';
import { ListTemplatesQuery } from '../application/queries/list-templates/list-templates.query';
import { RenderTemplatePreviewQuery } from '../application/queries/render-template-preview/render-template-preview.query';
import {
  AddTemplateVersionDto,
  TemplateTypeParamDto,
  TemplateAssetDto,
  TemplateVersionDetailDto,
  TemplateVersionDto,
  TemplateVersionParamDto,
} from './documents.dto';
import { ApiExtraModels } from '@nestjs/swagger';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('templates')
@ApiBearerAuth()
@ApiExtraModels(TemplateAssetDto)
@Controller('templates')
export class TemplatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('templates.read')
  @ApiOperation({
    operationId: 'listTemplates',
    summary: 'The active template version of each document type',
  })
  @ApiOkResponse({ type: PageDtoOf(TemplateVersionDto) })
  async list(): Promise<Page<TemplateVersionView>> {
    return wholePage(await this.queries.execute(new ListTemplatesQuery()));
  }

  @Post(':type/versions')
  @RequirePermission('templates.write')
  @Idempotent()
  @ApiProblems('TEMPLATES.INVALID')
  @ApiOperation({
    operationId: 'addTemplateVersion',
    summary:
      'Upload a new template version: parsed, every placeholder checked against the data model, trial-rendered; ' +
      '422 TEMPLATES.INVALID with the reasons otherwise (the active version stays)',
  })
  @ApiCreatedResponse({ type: TemplateVersionDetailDto })
  async add(
    @Param() p: TemplateTypeParamDto,
    @Body() dto: AddTemplateVersionDto,
    @CurrentActor() actor: Actor,
  ): Promise<TemplateVersionDetailView> {
    const r = await this.commands.execute(
      new AddTemplateVersionCommand(
        p.type,
        dto.content,
        dto.comment,
        dto.activate ?? true,
        dto.assets ?? {},
        actor,
      ),
    );
    return this.read(p.type, r.version);
  }

  @Get(':type/versions')
  @RequirePermission('templates.read')
  @ApiOperation({
    operationId: 'listTemplateVersions',
    summary: 'Every version of a type’s template, newest first',
  })
  @ApiOkResponse({ type: PageDtoOf(TemplateVersionDto) })
  async versions(@Param() p: TemplateTypeParamDto): Promise<Page<TemplateVersionView>> {
    return wholePage(await this.queries.execute(new ListTemplateVersionsQuery(p.type)));
  }

  @Get(':type/versions/:version')
  @RequirePermission('templates.read')
  @ApiOperation({ operationId: 'getTemplateVersion', summary: 'One template version with its content' })
  @ApiOkResponse({ type: TemplateVersionDetailDto })
  get(@Param() p: TemplateVersionParamDto): Promise<TemplateVersionDetailView> {
    return this.read(p.type, p.version);
  }

  @Get(':type/versions/:version/preview')
  @RequirePermission('templates.read')
  @ApiOperation({
    operationId: 'previewTemplateVersion',
    summary:
      'The version (active or not) rendered as a PDF against the sample data it is validated with ' +
      '(sample agency, client and order); nothing is stored',
  })
  @ApiFileResponse('application/pdf')
  async preview(
    @Param() p: TemplateVersionParamDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { pdf, fileName } = await this.queries.execute(new RenderTemplatePreviewQuery(p.type, p.version));
    res.header('content-type', 'application/pdf');
    res.header('content-disposition', contentDisposition(fileName).replace(/^attachment/, 'inline'));
    res.header('cache-control', 'no-store');
    return new StreamableFile(pdf);
  }

  @Post(':type/versions/:version/activate')
  @HttpCode(200)
  @RequirePermission('templates.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'activateTemplateVersion',
    summary: 'Make this version the active one (activating an older version is a rollback)',
  })
  @ApiOkResponse({ type: TemplateVersionDetailDto })
  async activate(
    @Param() p: TemplateVersionParamDto,
    @CurrentActor() actor: Actor,
  ): Promise<TemplateVersionDetailView> {
    await this.commands.execute(new ActivateTemplateVersionCommand(p.type, p.version, actor));
    return this.read(p.type, p.version);
  }

  private async read(
    type: TemplateVersionParamDto['type'],
    version: number,
  ): Promise<TemplateVersionDetailView> {
    const r = await this.queries.execute(new GetTemplateVersionQuery(type, version));
    if (!r) throw new NotFoundError('template version', `${type}/${version}`);
    return r;
  }
}
