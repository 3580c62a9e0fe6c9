import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { Document } from '../../../domain/document';
import { DOCUMENT_STORE, type DocumentStore } from '../../ports/document-stores.port';
import { CrossBorderGate } from '../../services/cross-border-gate';
import { FinalizeDocumentCommand } from './finalize-document.command';

@CommandHandler(FinalizeDocumentCommand)
export class FinalizeDocumentHandler implements ICommandHandler<FinalizeDocumentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly gate: CrossBorderGate,
  ) {}

  async execute({ id, actor, force }: FinalizeDocumentCommand): Promise<void> {
    await this.uow.run(async () => {
      const doc = await this.documents.get(id, true);
      if (!doc) throw new NotFoundError('document', id);
      const document = Document.reconstitute(doc);
      // an act of destruction (no order) is born final
      if (doc.orderId === null || doc.type === 'destruction_act') return;
      if (!document.finalize(actor.userId, new Date())) return;
      const forced = await this.gate.check(doc.orderId, 'finalize', doc.type, id, force, actor);
      await this.documents.update(document.state());
      await this.outbox.append([...document.pullEvents(), ...(forced ? [forced] : [])], actor);
    });
  }
}
