import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../../shared/domain/actor';
import { NotFoundError, ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { CreateClientCommand } from '../../../../clients/application/commands/create-client/create-client.command';
import { CreateOrderCommand } from '../../../../orders/application/commands/create-order/create-order.command';
import type { Application } from '../../../domain/application';
import {
  APPLICATION_REPOSITORY,
  type ApplicationRepository,
} from '../../../domain/application.repository.port';
import { ApplicationReferences } from '../../services/application-references';
import { ConvertApplicationCommand, type ConvertApplicationResult } from './convert-application.command';

export const DEFAULT_ORDER_CURRENCY = 'RUB';

@CommandHandler(ConvertApplicationCommand)
export class ConvertApplicationHandler implements ICommandHandler<ConvertApplicationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    private readonly outbox: OutboxWriter,
    private readonly refs: ApplicationReferences,
    private readonly commands: CommandBus,
  ) {}

  async execute({ id, actor, options }: ConvertApplicationCommand): Promise<ConvertApplicationResult> {
    // one transaction: the client, the order and the application commit together or not at all
    return this.uow.run(async () => {
      const application = await this.applications.findByIdForUpdate(id);
      if (!application) throw new NotFoundError('application', id);
      application.assertConvertible();
      const { clientId, created } = await this.clientFor(application, actor);
      const order = await this.commands.execute(
        new CreateOrderCommand(
          {
            clientId,
            currency: options.currency ?? DEFAULT_ORDER_CURRENCY,
            note: application.text,
            managerId: application.assigneeId ?? actor.userId,
            applicationId: application.id,
          },
          actor,
        ),
      );
      application.markConverted(order.id, clientId, created, { by: actor.userId, now: new Date() });
      await this.applications.update(application);
      await this.outbox.append(application.pullEvents(), actor);
      return { applicationId: application.id, orderId: order.id, clientId };
    });
  }

  /** The linked client (or its survivor after a merge), else the one the contact matches now, else a new one from the contact. */
  private async clientFor(
    application: Application,
    actor: Actor,
  ): Promise<{ clientId: string; created: boolean }> {
    const linked = application.clientId === null ? null : await this.refs.liveClient(application.clientId);
    if (linked !== null) return { clientId: linked, created: false };
    const contact = application.contact;
    const matched = await this.refs.matchClient(contact);
    if (matched !== null) return { clientId: matched, created: false };
    if (contact.name === null) {
      throw ValidationError.field(
        'contact.name',
        'the application has no linked client and no contact name to create one from; link a client or add the name',
      );
    }
    try {
      const { id } = await this.commands.execute(
        new CreateClientCommand(
          {
            fullName: contact.name,
            emails: contact.email === null ? [] : [contact.email],
            phones: contact.phone === null ? [] : [contact.phone],
            telegram: contact.telegram,
            consent: application.consent,
          },
          actor,
          {},
          'application',
        ),
      );
      return { clientId: id, created: true };
    } catch (err) {
      // the client's own field names mean nothing to the caller of convert: name the contact's
      if (err instanceof ValidationError) {
        throw new ValidationError(
          err.fieldErrors.map((f) => ({
            field: contactField(f.field),
            message: `cannot create the client from the contact: ${f.message}`,
          })),
        );
      }
      throw err;
    }
  }
}

function contactField(clientField: string): string {
  if (clientField.startsWith('emails')) return 'contact.email';
  if (clientField.startsWith('phones')) return 'contact.phone';
  if (clientField === 'fullName') return 'contact.name';
  if (clientField === 'telegram') return 'contact.telegram';
  return clientField;
}
