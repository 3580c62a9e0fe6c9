import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../../../shared/storage/object-storage.port';
import { ClientFileDeleted } from '../../../domain/client-file';
import {
  CLIENT_FILE_REPOSITORY,
  type ClientFileRepository,
} from '../../../domain/client-file.repository.port';
import { DeleteClientFileCommand } from './delete-client-file.command';

@CommandHandler(DeleteClientFileCommand)
export class DeleteClientFileHandler implements ICommandHandler<DeleteClientFileCommand> {
  private readonly logger = new Logger('ClientFiles');

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_FILE_REPOSITORY) private readonly files: ClientFileRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ clientId, fileId, actor }: DeleteClientFileCommand): Promise<void> {
    await this.uow.run(async () => {
      const file = await this.files.findForUpdate(clientId, fileId);
      if (!file) throw new NotFoundError('client file', fileId);
      await this.files.markDeleted(fileId, actor.userId, new Date());
      await this.outbox.append([new ClientFileDeleted(clientId, file)], actor);
      this.uow.afterCommit(() => {
        this.storage.delete(file.objectKey).catch((err: unknown) => {
          this.logger.warn(`stored bytes of client file ${fileId} not removed: ${String(err)}`);
        });
      });
    });
  }
}
