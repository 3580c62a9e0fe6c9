import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { CountryView } from '../../ports/cross-border-store.port';

/** Adds a country to the agency's list or changes it (adequate protection of personal data or not). */
export class SetCountryCommand extends Command<CountryView> {
  constructor(
    readonly code: string,
    readonly input: { name: string; adequate: boolean; note?: string | null },
    readonly actor: Actor,
  ) {
    super();
  }
}
