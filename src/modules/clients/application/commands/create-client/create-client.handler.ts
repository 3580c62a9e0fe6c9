import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { Client } from '../../../domain/client';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../../domain/client.repository.port';
import { guardDuplicates } from '../../services/duplicate-guard';
import { CreateClientCommand } from './create-client.command';

@CommandHandler(CreateClientCommand)
export class CreateClientHandler implements ICommandHandler<CreateClientCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({
    input,
    actor,
    options,
    source,
  }: CreateClientCommand): Promise<{ id: string; version: number }> {
    const client = Client.create(uuidv7(), input, { by: actor.userId, now: new Date() }, source);
    return this.uow.run(async () => {
      await guardDuplicates(this.clients, client, client.identifiers(), options.allowDuplicate === true);
      await this.clients.insert(client);
      await this.outbox.append(client.pullEvents(), actor);
      return { id: client.id, version: client.version };
    });
  }
}
