import { Query } from '@nestjs/cqrs';
import type { TransferFilter, TransferView } from '../../ports/cross-border-store.port';

/** The register of cross-border transfers, newest first. */
export class ListTransfersQuery extends Query<{ items: TransferView[]; total: number }> {
  constructor(readonly filter: TransferFilter) {
    super();
  }
}
