import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ConcurrencyError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import {
  APPLICATION_REPOSITORY,
  type ApplicationRepository,
} from '../../../domain/application.repository.port';
import { ApplicationReferences } from '../../services/application-references';
import { UpdateApplicationCommand } from './update-application.command';

@CommandHandler(UpdateApplicationCommand)
export class UpdateApplicationHandler implements ICommandHandler<UpdateApplicationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    private readonly outbox: OutboxWriter,
    private readonly refs: ApplicationReferences,
  ) {}

  async execute({
    id,
    expectedVersion,
    changes,
    actor,
  }: UpdateApplicationCommand): Promise<{ id: string; version: number }> {
    return this.uow.run(async () => {
      const application = await this.applications.findByIdForUpdate(id);
      if (!application) throw new NotFoundError('application', id);
      if (application.version !== expectedVersion)
        throw new ConcurrencyError('application', id, application.version);
      const before = { clientId: application.clientId, assigneeId: application.assigneeId };
      application.update(changes, { by: actor.userId, now: new Date() });
      if (!application.hasChanges) return { id, version: application.version };
      // only a new link is checked: an earlier one stays valid even if its client was merged since
      if (changes.clientId && changes.clientId !== before.clientId)
        await this.refs.assertClient(changes.clientId);
      if (changes.assigneeId && changes.assigneeId !== before.assigneeId)
        await this.refs.assertAssignee(changes.assigneeId);
      await this.applications.update(application);
      await this.outbox.append(application.pullEvents(), actor);
      return { id, version: application.version };
    });
  }
}
