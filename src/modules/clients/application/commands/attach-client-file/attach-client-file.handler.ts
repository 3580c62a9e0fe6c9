import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { peek } from '../../../../../shared/http/multipart';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { SNIFF_BYTES, sniffContentType } from '../../../../../shared/storage/content-sniffer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { type Client, ClientMergedError } from '../../../domain/client';
import {
  assertClientFileType,
  ClientFileAttached,
  ClientFileTooLargeError,
  cleanFileName,
  MAX_CLIENT_FILE_BYTES,
} from '../../../domain/client-file';
import {
  CLIENT_FILE_REPOSITORY,
  type ClientFileRepository,
} from '../../../domain/client-file.repository.port';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../../domain/client.repository.port';
import type { ClientFileView } from '../../client-file.view';
import { AttachClientFileCommand } from './attach-client-file.command';

/** SHA-256 and length of what passes; fails once the file grows beyond the limit. */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  tooLarge = false;
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_CLIENT_FILE_BYTES) {
      this.tooLarge = true;
      cb(new ClientFileTooLargeError());
      return;
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }
}

function assertLive(client: Client | null, id: string): void {
  if (!client || client.deleted) throw new NotFoundError('client', id);
  if (client.mergedInto !== null) throw new ClientMergedError(id, client.mergedInto);
}

@CommandHandler(AttachClientFileCommand)
export class AttachClientFileHandler implements ICommandHandler<AttachClientFileCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    @Inject(CLIENT_FILE_REPOSITORY) private readonly files: ClientFileRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ clientId, file, actor }: AttachClientFileCommand): Promise<ClientFileView> {
    assertLive(await this.clients.findById(clientId), clientId);
    const { head, stream } = await peek(file.stream, SNIFF_BYTES);
    const contentType = assertClientFileType(sniffContentType(head));
    const id = uuidv7();
    const key = `clients/${clientId}/${id}`;
    const digest = new Digest();
    stream.on('error', (err) => digest.destroy(err));
    try {
      await this.storage.put({ key, body: stream.pipe(digest), contentType });
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      if (digest.tooLarge) throw new ClientFileTooLargeError();
      throw err;
    }
    const stored = {
      id,
      clientId,
      objectKey: key,
      fileName: cleanFileName(file.fileName, `${id}`),
      contentType,
      size: digest.bytes,
      sha256: digest.hash.digest('hex'),
      uploadedBy: actor.userId,
      uploadedAt: new Date(),
    };
    try {
      await this.uow.run(async () => {
        // the client may have been merged or deleted while the bytes were uploading
        assertLive(await this.clients.findByIdForUpdate(clientId), clientId);
        await this.files.insert(stored);
        await this.outbox.append([new ClientFileAttached(clientId, stored)], actor);
      });
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      throw err;
    }
    const { objectKey: _k, uploadedAt, ...rest } = stored;
    return { ...rest, uploadedAt: uploadedAt.toISOString() };
  }
}
