import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClientReferenceMovers } from '../../../../../shared/contracts/client-references';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ConcurrencyError, NotFoundError, ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { type Client, ClientAlreadyMergedError, ClientMergedError } from '../../../domain/client';
import {
  CLIENT_FILE_REPOSITORY,
  type ClientFileRepository,
} from '../../../domain/client-file.repository.port';
import { CLIENT_REPOSITORY, type ClientRepository } from '../../../domain/client.repository.port';
import { addedIdentifiers } from '../../services/duplicate-guard';
import { MergeClientsCommand } from './merge-clients.command';

@CommandHandler(MergeClientsCommand)
export class MergeClientsHandler implements ICommandHandler<MergeClientsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(CLIENT_REPOSITORY) private readonly clients: ClientRepository,
    @Inject(CLIENT_FILE_REPOSITORY) private readonly files: ClientFileRepository,
    private readonly movers: ClientReferenceMovers,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({
    survivorId,
    duplicateId,
    actor,
    expectedVersion,
  }: MergeClientsCommand): Promise<{ id: string; version: number; moved: Record<string, number> }> {
    if (survivorId === duplicateId) {
      throw ValidationError.field('duplicateId', 'a client cannot be merged into itself');
    }
    return this.uow.run(async () => {
      // lock both rows in id order, so two merges of the same pair (either way round) cannot deadlock
      const locked = new Map<string, Client | null>();
      for (const id of [survivorId, duplicateId].sort()) {
        locked.set(id, await this.clients.findByIdForUpdate(id));
      }
      const survivor = locked.get(survivorId);
      const duplicate = locked.get(duplicateId);
      if (!survivor || survivor.deleted) throw new NotFoundError('client', survivorId);
      if (survivor.mergedInto !== null) throw new ClientMergedError(survivorId, survivor.mergedInto);
      if (!duplicate || duplicate.deleted) throw new NotFoundError('client', duplicateId);
      if (duplicate.mergedInto !== null)
        throw new ClientAlreadyMergedError(duplicateId, duplicate.mergedInto);
      if (expectedVersion !== undefined && survivor.version !== expectedVersion) {
        throw new ConcurrencyError('client', survivorId, survivor.version);
      }
      const ctx = { by: actor.userId, now: new Date() };
      const before = survivor.identifiers();
      const moved: Record<string, number> = {
        files: await this.files.moveAll(duplicateId, survivorId),
        ...(await this.movers.moveAll(duplicateId, survivorId, actor)),
      };
      survivor.absorb(duplicate, ctx, moved);
      duplicate.mergeInto(survivorId, ctx);
      // serialise with concurrent writers of the identifiers the survivor takes over
      await this.clients.lockIdentifiers(addedIdentifiers(before, survivor.identifiers()));
      await this.clients.update(duplicate); // releases the duplicate's identifiers first
      await this.clients.update(survivor);
      await this.outbox.append([...survivor.pullEvents(), ...duplicate.pullEvents()], actor);
      return { id: survivorId, version: survivor.version, moved };
    });
  }
}
