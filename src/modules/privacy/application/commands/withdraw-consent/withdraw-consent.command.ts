import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ConsentView } from '../../ports/privacy-store.port';

export interface WithdrawalResult {
  consent: ConsentView;
  /** When the data must be destroyed (null when a basis keeps it). */
  destroyAfter: string | null;
  /** The legal bases that keep the data although consent was withdrawn, with their Russian wording. */
  keptBy: Array<{ basis: string; text: string }>;
}

/** Processing for the consent's purpose stops; the data is due for destruction unless a basis keeps it. */
export class WithdrawConsentCommand extends Command<WithdrawalResult> {
  constructor(
    readonly id: string,
    readonly channel: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
