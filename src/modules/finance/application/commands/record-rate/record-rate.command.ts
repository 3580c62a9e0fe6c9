import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';

export interface RateView {
  currency: string;
  date: string;
  /** Roubles per one unit. */
  rate: string;
  source: 'manual' | 'cbr';
}

/** Enters (or corrects) the rate of a currency for a date by hand; payments already made keep theirs. */
export class RecordRateCommand extends Command<RateView> {
  constructor(
    readonly currency: string,
    readonly date: string,
    readonly rate: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
