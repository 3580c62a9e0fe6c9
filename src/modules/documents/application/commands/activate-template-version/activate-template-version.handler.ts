import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { TemplateVersionActivated } from '../../../domain/document.events';
import { TEMPLATE_STORE, type TemplateStore } from '../../ports/document-stores.port';
import { ActivateTemplateVersionCommand } from './activate-template-version.command';

@CommandHandler(ActivateTemplateVersionCommand)
export class ActivateTemplateVersionHandler implements ICommandHandler<ActivateTemplateVersionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
  ) {}

  async execute({ type, version, actor }: ActivateTemplateVersionCommand) {
    return this.uow.run(async () => {
      await this.templates.lockType(type);
      const target = await this.templates.get(type, version);
      if (!target) throw new NotFoundError('template version', `${type}/${version}`);
      const previous = await this.templates.active(type);
      if (previous?.version === version) return { type, version };
      await this.templates.activate(type, version);
      await this.outbox.append(
        [
          new TemplateVersionActivated(target.id, {
            type,
            version,
            diff: { activeVersion: { from: previous?.version ?? null, to: version } },
          }),
        ],
        actor,
      );
      return { type, version };
    });
  }
}
