import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DocumentGenerator } from '../../services/document-generator';
import { GenerateDocumentCommand } from './generate-document.command';

@CommandHandler(GenerateDocumentCommand)
export class GenerateDocumentHandler implements ICommandHandler<GenerateDocumentCommand> {
  constructor(private readonly generator: DocumentGenerator) {}

  async execute({ orderId, type, actor }: GenerateDocumentCommand) {
    const r = await this.generator.generate({ orderId, type, actor, reason: 'requested' });
    // 'final' is a regeneration's answer only: a request on a final document throws DOCUMENTS.FINAL
    if (r.status === 'order-gone' || r.status === 'final') throw new NotFoundError('order', orderId);
    return { id: r.documentId, version: r.version };
  }
}
