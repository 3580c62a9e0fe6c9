import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpReply as Response, HttpRequest as Request } from '../../../shared/http/http-types';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { receiveFile } from '../../../shared/http/multipart';
import { pageWindow } from '../../../shared/pagination/page';
import { ImportClientsCommand } from '../application/commands/import-clients/import-clients.command';
import type { ImportJobView } from '../application/import-job.view';
import { GetImportJobQuery } from '../application/queries/get-import-job/get-import-job.query';
import {
  ImportClientsQueryDto,
  ImportJobDto,
  ImportJobRowsQueryDto,
  UploadCsvDto,
} from './client-import.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

/** 200 MiB: about two million rows; beyond that, split the file. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients/import')
export class ClientImportController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @RequirePermission('clients.import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadCsvDto })
  @ApiProblems('CLIENTS.IMPORT_HEADER', 'COMMON.UNSUPPORTED_MEDIA_TYPE')
  @ApiOperation({
    operationId: 'importClients',
    summary:
      'Import clients from CSV (multipart field `file`), streamed; each row validated and de-duplicated like a ' +
      'create. Small files (≤ CLIENT_IMPORT_SYNC_MAX_BYTES) are answered 200 when done; bigger ones 202 with ' +
      'the job to poll at GET /clients/import/{jobId}. Re-importing a file creates nothing new',
  })
  @ApiOkResponse({ type: ImportJobDto, description: 'Processed; the job with the first page of the report' })
  @ApiAcceptedResponse({ type: ImportJobDto, description: 'Accepted; poll the job (Location)' })
  async import(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() q: ImportClientsQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ImportJobView> {
    const file = await receiveFile(req.raw, {
      field: 'file',
      maxBytes: MAX_IMPORT_BYTES,
      tooLarge: () =>
        new DomainError(
          'COMMON.PAYLOAD_TOO_LARGE',
          `An import file may be at most ${MAX_IMPORT_BYTES} bytes`,
        ),
    });
    const declared = Number(req.headers['content-length'] ?? NaN);
    const options = { dryRun: q.dryRun === true, fileName: file.fileName?.slice(0, 255) ?? null };
    try {
      if (Number.isFinite(declared) && declared <= this.config.importSyncMaxBytes) {
        const { jobId } = await this.commands.execute(
          new ImportClientsCommand(file.stream, { ...options, mode: 'wait' }, actor),
        );
        return this.queries.execute(new GetImportJobQuery(jobId, pageWindow({})));
      }
      // a big file goes to a temp file first (streamed, never whole in memory), then is imported in the background
      const dir = await mkdtemp(join(tmpdir(), 'crm-import-'));
      const path = join(dir, 'upload.csv');
      try {
        await pipeline(file.stream, createWriteStream(path));
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
      const { jobId } = await this.commands.execute(
        new ImportClientsCommand(
          createReadStream(path),
          { ...options, mode: 'background', cleanup: () => rm(dir, { recursive: true, force: true }) },
          actor,
        ),
      );
      res.status(202).header('location', `/api/v1/clients/import/${jobId}`);
      return this.queries.execute(new GetImportJobQuery(jobId, pageWindow({})));
    } catch (err) {
      await file.drain();
      throw err;
    }
  }

  @Get(':jobId')
  @RequirePermission('clients.import')
  @ApiOperation({
    operationId: 'getClientImport',
    summary: 'An import job: status, totals and a page of the per-row report (?status= filters)',
  })
  @ApiOkResponse({ type: ImportJobDto })
  get(@IdParam('jobId') jobId: string, @Query() q: ImportJobRowsQueryDto): Promise<ImportJobView> {
    return this.queries.execute(new GetImportJobQuery(jobId, pageWindow(q), q.status));
  }
}
