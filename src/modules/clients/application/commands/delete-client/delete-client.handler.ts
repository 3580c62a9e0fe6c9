import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { ClientMergedError } from '../../../domain/client';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../../domain/client.repository.port';
import { DeleteClientCommand } from './delete-client.command';

@CommandHandler(DeleteClientCommand)
export class DeleteClientHandler implements ICommandHandler<DeleteClientCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ id, actor }: DeleteClientCommand): Promise<void> {
    await this.uow.run(async () => {
      const client = await this.clients.findByIdForUpdate(id);
      if (!client || client.deleted) throw new NotFoundError('client', id);
      if (client.mergedInto !== null) throw new ClientMergedError(id, client.mergedInto);
      client.delete({ by: actor.userId, now: new Date() });
      await this.clients.update(client);
      await this.outbox.append(client.pullEvents(), actor);
    });
  }
}
