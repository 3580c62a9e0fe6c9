import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import {
  APPLICATION_REPOSITORY,
  type ApplicationRepository,
} from '../../../domain/application.repository.port';
import { AppendToApplicationCommand, type AppendToApplicationResult } from './append-to-application.command';

@CommandHandler(AppendToApplicationCommand)
export class AppendToApplicationHandler implements ICommandHandler<AppendToApplicationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ id, message, actor }: AppendToApplicationCommand): Promise<AppendToApplicationResult> {
    return this.uow.run(async () => {
      const application = await this.applications.findByIdForUpdate(id);
      if (!application) throw new NotFoundError('application', id);
      const appended = application.appendMessage(message, { by: actor.userId, now: new Date() });
      if (!application.hasChanges) return { id, version: application.version, appended };
      await this.applications.update(application);
      await this.outbox.append(application.pullEvents(), actor);
      return { id, version: application.version, appended };
    });
  }
}
