import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { TemplateType } from '../../../domain/document-data';

export interface TemplateAssetInput {
  /** `image/png` or `image/jpeg` (checked against the bytes). */
  contentType: string;
  /** The file, base64. */
  data: string;
}

/** Validates and stores a new template version; 422 `TEMPLATES.INVALID` with the reasons. */
export class AddTemplateVersionCommand extends Command<{
  type: TemplateType;
  version: number;
  active: boolean;
}> {
  constructor(
    readonly type: TemplateType,
    readonly content: Record<string, unknown>,
    readonly comment: string,
    readonly activate: boolean,
    readonly assets: Record<string, TemplateAssetInput>,
    readonly actor: Actor,
  ) {
    super();
  }
}
