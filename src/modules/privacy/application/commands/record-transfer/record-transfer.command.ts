import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { TransferView } from '../../ports/cross-border-store.port';

export interface TransferInput {
  country: string;
  recipient: string;
  purpose: string;
  categories: string[];
  notifiedOn?: string | null;
}

/** Records a cross-border transfer of personal data in the register. */
export class RecordTransferCommand extends Command<TransferView> {
  constructor(
    readonly input: TransferInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
