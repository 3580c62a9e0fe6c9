import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ConsentInput, ConsentView } from '../../ports/privacy-store.port';

/**
 * A consent enters the register: from the web form, a bot, or staff entering a signed paper
 * (evidence names the form request, the chat, or the scan's file id). The same subject, purpose
 * and instant are recorded once.
 */
export class RecordConsentCommand extends Command<ConsentView> {
  constructor(
    readonly input: ConsentInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
