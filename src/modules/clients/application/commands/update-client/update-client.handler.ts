import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ConcurrencyError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { ClientMergedError } from '../../../domain/client';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../../domain/client.repository.port';
import { addedIdentifiers, guardDuplicates } from '../../services/duplicate-guard';
import { UpdateClientCommand } from './update-client.command';

@CommandHandler(UpdateClientCommand)
export class UpdateClientHandler implements ICommandHandler<UpdateClientCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({
    id,
    expectedVersion,
    changes,
    actor,
    options,
  }: UpdateClientCommand): Promise<{ id: string; version: number }> {
    return this.uow.run(async () => {
      const client = await this.clients.findByIdForUpdate(id);
      if (!client || client.deleted) throw new NotFoundError('client', id);
      if (client.mergedInto !== null) throw new ClientMergedError(id, client.mergedInto);
      if (client.version !== expectedVersion) throw new ConcurrencyError('client', id, client.version);
      const before = client.identifiers();
      client.update(changes, { by: actor.userId, now: new Date() });
      if (!client.hasChanges) return { id, version: client.version };
      // only what is new is checked: a duplicate allowed earlier does not block unrelated edits
      await guardDuplicates(
        this.clients,
        client,
        addedIdentifiers(before, client.identifiers()),
        options.allowDuplicate === true,
      );
      await this.clients.update(client);
      await this.outbox.append(client.pullEvents(), actor);
      return { id, version: client.version };
    });
  }
}
