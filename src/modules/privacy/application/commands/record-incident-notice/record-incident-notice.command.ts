import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { IncidentView } from '../../ports/privacy-store.port';

/** The agency sent the first notice or the results to Roskomnadzor. */
export class RecordIncidentNoticeCommand extends Command<IncidentView> {
  constructor(
    readonly id: string,
    readonly stage: 'first' | 'results',
    readonly actor: Actor,
  ) {
    super();
  }
}
