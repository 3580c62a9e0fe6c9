import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { TemplateType } from '../../../domain/document-data';

/** Makes a stored version the active one; activating an older version is a rollback. */
export class ActivateTemplateVersionCommand extends Command<{ type: TemplateType; version: number }> {
  constructor(
    readonly type: TemplateType,
    readonly version: number,
    readonly actor: Actor,
  ) {
    super();
  }
}
