import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { HttpReply as Response } from '../http/http-types';
import { Public } from '../auth/decorators';
import { NotFoundError } from '../domain/domain-error';
import { ProblemDto } from '../errors/problem';
import { contentDisposition } from './content-disposition';
import { DownloadTokenSigner } from './download-token';
import { LocalDirectoryStorage } from './local-directory.storage';
import { STORAGE_ADAPTER, type StorageAdapter } from './storage.tokens';
import { ApiProblems } from '../http/api-problems';

const PROBLEM = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } };

/**
 * Serves the local-directory store's download links. The token is the credential (signed and
 * expiring, see {@link DownloadTokenSigner}), so the route needs no access token. With S3 storage
 * the links are presigned S3 URLs and this route serves nothing.
 */
@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(
    private readonly signer: DownloadTokenSigner,
    @Inject(STORAGE_ADAPTER) private readonly storage: StorageAdapter,
  ) {}

  @Get(':token')
  @Public()
  @ApiProblems('STORAGE.LINK_INVALID', 'STORAGE.LINK_EXPIRED')
  @ApiOperation({
    operationId: 'downloadFile',
    summary: 'Download a file through a signed, expiring link',
    description:
      'The URL comes from a download endpoint (e.g. `GET /documents/{id}/download`); no access token is needed. ' +
      'Answers with the file as an attachment; 403 when the link was altered, 410 when it has expired.',
  })
  @ApiParam({ name: 'token', description: 'Signed download token', example: 'ft1.eyJrIjoi….Q2hh…' })
  @ApiOkResponse({
    description: 'The file, with its stored Content-Type, as an attachment',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiForbiddenResponse({ description: 'The link is not valid (altered or malformed)', content: PROBLEM })
  @ApiGoneResponse({ description: 'The link has expired', content: PROBLEM })
  @ApiNotFoundResponse({ description: 'The file no longer exists', content: PROBLEM })
  async download(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const grant = this.signer.verify(token);
    if (!(this.storage instanceof LocalDirectoryStorage)) throw new NotFoundError('file', grant.key);
    const { stream, info } = await this.storage.open(grant.key);
    const fileName = grant.fileName ?? grant.key.slice(grant.key.lastIndexOf('/') + 1);
    res.status(200);
    res.header('Content-Type', info.contentType);
    res.header('Content-Length', String(info.size));
    res.header('Content-Disposition', contentDisposition(fileName));
    res.header('Cache-Control', 'private, no-store');
    // stored files are someone's upload: never let a browser run them in our origin
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Content-Security-Policy', "default-src 'none'; sandbox");
    // Fastify pipes the file; if the client goes away or the disk fails mid-file it cuts the response off
    void res.send(stream);
  }
}
