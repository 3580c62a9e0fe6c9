import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { AgencyDetails } from '../../../domain/document-data';

/** Replaces the agency's requisites (admin); `expectedVersion` guards against lost updates. */
export class UpdateAgencySettingsCommand extends Command<{ version: number }> {
  constructor(
    readonly details: AgencyDetails,
    readonly expectedVersion: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
