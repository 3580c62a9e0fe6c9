import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, wholePage } from '../../../shared/pagination/page';
import { FinalizeDocumentCommand } from '../application/commands/finalize-document/finalize-document.command';
import { GenerateDocumentCommand } from '../application/commands/generate-document/generate-document.command';
import type { DocumentVersionView, DocumentView } from '../application/documents.views';
import {
  type DocumentDownloadView,
  GetDocumentDownloadQuery,
} from '../application/queries/get-document-download/get-document-download.query';
import { GetDocumentQuery } from '../application/queries/get-document/get-document.query';
import { ListDocumentVersionsQuery } from '../application/queries/list-document-versions/list-document-versions.query';
import { ListOrderDocumentsQuery } from '../application/queries/list-order-documents/list-order-documents.query';
import {
  DocumentDownloadDto,
  DocumentDto,
  DocumentVersionDto,
  DownloadQueryDto,
  FinalizeDocumentDto,
  GenerateDocumentDto,
} from './documents.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders/:id/documents')
  @RequirePermission('documents.write')
  @Idempotent()
  @ApiProblems('DOCUMENTS.AGENCY_SETTINGS_MISSING', 'DOCUMENTS.FINAL', 'PRIVACY.TRANSFER_NOT_NOTIFIED')
  @ApiOperation({
    operationId: 'generateOrderDocument',
    summary:
      'Render a new version of the order’s contract, invoice, act or proposal (the document is created, with the ' +
      'next number of its type and year, on first use); 409 DOCUMENTS.FINAL when the document is final',
  })
  @ApiCreatedResponse({ type: DocumentDto })
  async generate(
    @IdParam() orderId: string,
    @Body() dto: GenerateDocumentDto,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentView> {
    const { id } = await this.commands.execute(
      new GenerateDocumentCommand(orderId, dto.type, actor, dto.force === true),
    );
    return this.read(id);
  }

  @Get('orders/:id/documents')
  @RequirePermission('documents.read')
  @ApiOperation({
    operationId: 'listOrderDocuments',
    summary: 'The documents of an order with their current versions',
  })
  @ApiOkResponse({ type: PageDtoOf(DocumentDto) })
  async list(@IdParam() orderId: string): Promise<Page<DocumentView>> {
    return wholePage(await this.queries.execute(new ListOrderDocumentsQuery(orderId)));
  }

  @Get('documents/:id')
  @RequirePermission('documents.read')
  @ApiOperation({ operationId: 'getDocument', summary: 'One document with its current version' })
  @ApiOkResponse({ type: DocumentDto })
  get(@IdParam() id: string): Promise<DocumentView> {
    return this.read(id);
  }

  @Get('documents/:id/versions')
  @RequirePermission('documents.read')
  @ApiOperation({ operationId: 'listDocumentVersions', summary: 'Every rendered version, newest first' })
  @ApiOkResponse({ type: PageDtoOf(DocumentVersionDto) })
  async versions(@IdParam() id: string): Promise<Page<DocumentVersionView>> {
    const r = await this.queries.execute(new ListDocumentVersionsQuery(id));
    if (!r) throw new NotFoundError('document', id);
    return wholePage(r);
  }

  @Get('documents/:id/download')
  @RequirePermission('documents.read')
  @ApiOperation({
    operationId: 'getDocumentDownload',
    summary:
      'A short-lived link to a version’s PDF (S3 presigned, or an HMAC-signed API link on the local store)',
  })
  @ApiOkResponse({ type: DocumentDownloadDto })
  download(@IdParam() id: string, @Query() q: DownloadQueryDto): Promise<DocumentDownloadView> {
    return this.queries.execute(new GetDocumentDownloadQuery(id, q.version));
  }

  @Post('documents/:id/finalize')
  @HttpCode(200)
  @RequirePermission('documents.write')
  @Idempotent()
  @ApiProblems('PRIVACY.TRANSFER_NOT_NOTIFIED')
  @ApiBody({ type: FinalizeDocumentDto, required: false })
  @ApiOperation({
    operationId: 'finalizeDocument',
    summary: 'Mark a document final (signed / issued): order changes never replace it, they mark it outdated',
  })
  @ApiOkResponse({ type: DocumentDto })
  async finalize(
    @IdParam() id: string,
    @Body() dto: FinalizeDocumentDto,
    @CurrentActor() actor: Actor,
  ): Promise<DocumentView> {
    await this.commands.execute(new FinalizeDocumentCommand(id, actor, dto?.force === true));
    return this.read(id);
  }

  private async read(id: string): Promise<DocumentView> {
    const r = await this.queries.execute(new GetDocumentQuery(id));
    if (!r) throw new NotFoundError('document', id);
    return r;
  }
}
