import { Controller, Delete, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpRequest as Request } from '../../../shared/http/http-types';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { IdParam } from '../../../shared/http/id-param';
import { receiveFile } from '../../../shared/http/multipart';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { type Page, PageQueryDto, pageWindow } from '../../../shared/pagination/page';
import type { ClientFileView } from '../application/client-file.view';
import { AttachClientFileCommand } from '../application/commands/attach-client-file/attach-client-file.command';
import { DeleteClientFileCommand } from '../application/commands/delete-client-file/delete-client-file.command';
import {
  type DownloadLink,
  GetClientFileLinkQuery,
} from '../application/queries/get-client-file-link/get-client-file-link.query';
import { ListClientFilesQuery } from '../application/queries/list-client-files/list-client-files.query';
import { ClientFileTooLargeError, MAX_CLIENT_FILE_BYTES } from '../domain/client-file';
import { ClientFileDto, DownloadLinkDto, UploadClientFileDto } from './client-file.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

/** Scans attached to a client (passports, visas): stored through the ObjectStorage port. */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientFilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/documents')
  @RequirePermission('clients.write')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadClientFileDto })
  @ApiProblems(
    'CLIENTS.FILE_TYPE',
    'CLIENTS.FILE_TOO_LARGE',
    'CLIENTS.MERGED',
    'COMMON.UNSUPPORTED_MEDIA_TYPE',
  )
  @ApiOperation({
    operationId: 'uploadClientDocument',
    summary:
      'Attach a scan (multipart field `file`, ≤ 20 MiB → else 413); the type is sniffed from the content: ' +
      'pdf, jpeg, png, heic/heif, tiff, webp — anything else 415',
  })
  @ApiCreatedResponse({ type: ClientFileDto })
  async upload(
    @IdParam() id: string,
    @Req() req: Request,
    @CurrentActor() actor: Actor,
  ): Promise<ClientFileView> {
    const file = await receiveFile(req.raw, {
      field: 'file',
      maxBytes: MAX_CLIENT_FILE_BYTES,
      tooLarge: () => new ClientFileTooLargeError(),
    });
    try {
      return await this.commands.execute(
        new AttachClientFileCommand(id, { stream: file.stream, fileName: file.fileName }, actor),
      );
    } catch (err) {
      await file.drain();
      throw err;
    }
  }

  @Get(':id/documents')
  @RequirePermission('clients.read')
  @ApiProblems('CLIENTS.MERGED')
  @ApiOperation({
    operationId: 'listClientDocuments',
    summary: 'The files attached to a client, oldest first',
  })
  @ApiOkResponse({ type: PageDtoOf(ClientFileDto) })
  list(@IdParam() id: string, @Query() q: PageQueryDto): Promise<Page<ClientFileView>> {
    return this.queries.execute(new ListClientFilesQuery(id, pageWindow(q)));
  }

  @Get(':id/documents/:fileId/download')
  @RequirePermission('clients.read-pii')
  @ApiOperation({
    operationId: 'downloadClientDocument',
    summary: 'A short-lived (5 min) download link to a client file; audited as pii.read',
  })
  @ApiOkResponse({ type: DownloadLinkDto })
  download(
    @IdParam() id: string,
    @IdParam('fileId') fileId: string,
    @CurrentActor() actor: Actor,
  ): Promise<DownloadLink> {
    return this.queries.execute(new GetClientFileLinkQuery(id, fileId, actor));
  }

  @Delete(':id/documents/:fileId')
  @HttpCode(204)
  @RequirePermission('clients.write')
  @ApiOperation({ operationId: 'deleteClientDocument', summary: 'Remove a file from a client (audited)' })
  @ApiNoContentResponse()
  async remove(
    @IdParam() id: string,
    @IdParam('fileId') fileId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.commands.execute(new DeleteClientFileCommand(id, fileId, actor));
  }
}
