import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transform, type TransformCallback } from 'node:stream';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { peek } from '../../../../../shared/http/multipart';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { SNIFF_BYTES, sniffContentType } from '../../../../../shared/storage/content-sniffer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import {
  assertAttachmentType,
  AttachmentTooLargeError,
  cleanFileName,
  MAX_ATTACHMENT_BYTES,
} from '../../../domain/application';
import {
  APPLICATION_REPOSITORY,
  type ApplicationRepository,
} from '../../../domain/application.repository.port';
import type { AttachmentView } from '../../application.view';
import { AttachApplicationFileCommand } from './attach-application-file.command';

/** Counts what passes and fails once the file grows beyond the limit. */
class Counter extends Transform {
  bytes = 0;
  tooLarge = false;
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_ATTACHMENT_BYTES) {
      this.tooLarge = true;
      cb(new AttachmentTooLargeError());
      return;
    }
    cb(null, chunk);
  }
}

@CommandHandler(AttachApplicationFileCommand)
export class AttachApplicationFileHandler implements ICommandHandler<AttachApplicationFileCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ applicationId, file, actor }: AttachApplicationFileCommand): Promise<AttachmentView> {
    const found = await this.applications.findById(applicationId);
    if (!found) throw new NotFoundError('application', applicationId);
    found.assertCanAttach();
    const { head, stream } = await peek(file.stream, SNIFF_BYTES);
    const contentType = assertAttachmentType(sniffContentType(head));
    const id = uuidv7();
    const key = `applications/${applicationId}/${id}`;
    const counter = new Counter();
    stream.on('error', (err) => counter.destroy(err));
    try {
      await this.storage.put({ key, body: stream.pipe(counter), contentType });
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      if (counter.tooLarge) throw new AttachmentTooLargeError();
      throw err;
    }
    const ref = { id, key, fileName: cleanFileName(file.fileName, id), contentType, size: counter.bytes };
    try {
      await this.uow.run(async () => {
        // converted or filled up by someone else while the bytes were uploading → refused, file removed
        const application = await this.applications.findByIdForUpdate(applicationId);
        if (!application) throw new NotFoundError('application', applicationId);
        application.attach(ref, { by: actor.userId, now: new Date() });
        await this.applications.update(application);
        await this.outbox.append(application.pullEvents(), actor);
      });
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      throw err;
    }
    const { key: _key, ...view } = ref;
    return view;
  }
}
