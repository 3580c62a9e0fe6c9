import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { Application } from '../../../domain/application';
import {
  APPLICATION_REPOSITORY,
  type ApplicationRepository,
} from '../../../domain/application.repository.port';
import { normaliseContact } from '../../../domain/contact';
import { ApplicationReferences } from '../../services/application-references';
import { CreateApplicationCommand, type CreateApplicationResult } from './create-application.command';

@CommandHandler(CreateApplicationCommand)
export class CreateApplicationHandler implements ICommandHandler<CreateApplicationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    private readonly outbox: OutboxWriter,
    private readonly refs: ApplicationReferences,
  ) {}

  async execute({ input, actor }: CreateApplicationCommand): Promise<CreateApplicationResult> {
    const id = uuidv7();
    const ctx = { by: actor.userId, now: new Date() };
    // validates everything but the references first, so a bad field is a 422 before any lookup
    Application.create(id, { ...input, clientId: null, assigneeId: null }, ctx);
    return this.uow.run(async () => {
      if (input.assigneeId) await this.refs.assertAssignee(input.assigneeId);
      let clientId = input.clientId ?? null;
      if (clientId !== null) await this.refs.assertClient(clientId);
      else clientId = await this.refs.matchClient(normaliseContact(input.contact, []));
      const number = await this.applications.nextNumber(ctx.now.getUTCFullYear());
      const application = Application.create(id, { ...input, clientId }, ctx, number);
      await this.applications.insert(application);
      await this.outbox.append(application.pullEvents(), actor);
      return { id, number, version: application.version, clientId };
    });
  }
}
