import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ApplicationChanges } from '../../../domain/application';

/**
 * Changes the fields present (text, contact, linked client, assignee) and/or the status, checked
 * against the transition table (409 listing the allowed targets). Rejecting needs a reason.
 */
export class UpdateApplicationCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly changes: ApplicationChanges,
    readonly actor: Actor,
  ) {
    super();
  }
}
