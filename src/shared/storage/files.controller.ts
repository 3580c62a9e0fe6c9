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
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
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
    res.setHeader('Content-Type', info.contentType);
    res.setHeader('Content-Length', String(info.size));
    res.setHeader('Content-Disposition', contentDisposition(fileName));
    res.setHeader('Cache-Control', 'private, no-store');
    // stored files are someone's upload: never let a browser run them in our origin
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    try {
      await pipeline(stream, res);
    } catch {
      // the client went away, or the disk failed mid-file: the response is already cut off
      res.destroy();
    }
  }
}
