import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { IncidentView } from '../../ports/privacy-store.port';

export interface IncidentWithNotice extends IncidentView {
  /** The first notice to Roskomnadzor, prefilled in Russian. */
  noticeText: string;
}

/** A personal-data incident: deadlines 24 h (first notice) and 72 h (results) from detection. */
export class RegisterIncidentCommand extends Command<IncidentWithNotice> {
  constructor(
    readonly input: {
      description: string;
      detectedAt: string;
      categories: string[];
      approximateSubjects: number;
    },
    readonly actor: Actor,
  ) {
    super();
  }
}
