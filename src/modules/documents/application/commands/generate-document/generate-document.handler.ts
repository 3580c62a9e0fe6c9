import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { CrossBorderGate } from '../../services/cross-border-gate';
import { DocumentGenerator } from '../../services/document-generator';
import { GenerateDocumentCommand } from './generate-document.command';

@CommandHandler(GenerateDocumentCommand)
export class GenerateDocumentHandler implements ICommandHandler<GenerateDocumentCommand> {
  constructor(
    private readonly generator: DocumentGenerator,
    private readonly gate: CrossBorderGate,
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ orderId, type, actor, force }: GenerateDocumentCommand) {
    const forced = await this.gate.check(orderId, 'generate', type, null, force, actor);
    const r = await this.generator.generate({ orderId, type, actor, reason: 'requested' });
    // 'final' is a regeneration's answer only: a request on a final document throws DOCUMENTS.FINAL
    if (r.status === 'order-gone' || r.status === 'final') throw new NotFoundError('order', orderId);
    if (forced) {
      await this.uow.run(() => this.outbox.append([forced.forDocument(r.documentId)], actor));
    }
    return { id: r.documentId, version: r.version };
  }
}
