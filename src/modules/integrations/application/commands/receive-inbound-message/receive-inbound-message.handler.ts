import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { InboundMessageStore } from '../../ports/inbound-message.store.port';
import { ReceiveInboundMessageCommand } from './receive-inbound-message.command';

@CommandHandler(ReceiveInboundMessageCommand)
export class ReceiveInboundMessageHandler implements ICommandHandler<ReceiveInboundMessageCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: InboundMessageStore,
  ) {}

  execute({ message }: ReceiveInboundMessageCommand): Promise<{ stored: boolean; id: string | null }> {
    return this.uow.run(() => this.store.receive(message));
  }
}
