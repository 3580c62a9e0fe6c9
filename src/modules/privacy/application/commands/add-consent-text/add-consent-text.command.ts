import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ConsentTextView } from '../../ports/privacy-store.port';

/** A new version of a consent text; `activate` makes it the one the web form and bots show. */
export class AddConsentTextCommand extends Command<ConsentTextView> {
  constructor(
    readonly input: { purpose: string; version: string; body: string; activate: boolean },
    readonly actor: Actor,
  ) {
    super();
  }
}
