import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import {
  APPLICATION_REPOSITORY,
  type ApplicationRepository,
} from '../../../domain/application.repository.port';
import { ApplicationReferences } from '../../services/application-references';
import { AppendToApplicationCommand, type AppendToApplicationResult } from './append-to-application.command';

@CommandHandler(AppendToApplicationCommand)
export class AppendToApplicationHandler implements ICommandHandler<AppendToApplicationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    private readonly outbox: OutboxWriter,
    private readonly refs: ApplicationReferences,
  ) {}

  async execute({ id, message, actor }: AppendToApplicationCommand): Promise<AppendToApplicationResult> {
    return this.uow.run(async () => {
      const application = await this.applications.findByIdForUpdate(id);
      if (!application) throw new NotFoundError('application', id);
      const ctx = { by: actor.userId, now: new Date() };
      const appended = application.appendMessage(message, ctx);
      // a contact shared later links the application like one given at creation would have
      if (appended && application.clientId === null && message.contact) {
        const clientId = await this.refs.matchClient(application.contact);
        if (clientId !== null) application.update({ clientId }, ctx);
      }
      const result = () => ({
        id,
        number: application.number ?? '',
        clientId: application.clientId,
        version: application.version,
        appended,
      });
      if (!application.hasChanges) return result();
      await this.applications.update(application);
      await this.outbox.append(application.pullEvents(), actor);
      return result();
    });
  }
}
