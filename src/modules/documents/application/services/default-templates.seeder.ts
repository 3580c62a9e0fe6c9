import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { TEMPLATE_TYPES } from '../../domain/document-data';
import { TEMPLATE_STORE, type TemplateStore } from '../ports/document-stores.port';

/** `templates/` at the repository root (next to `src/` and `dist/`). */
export const DEFAULT_TEMPLATES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'templates');

/** Seeds `templates/<type>.json` as version 1 of each type that has no versions yet. */
@Injectable()
export class DefaultTemplatesSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(TEMPLATE_STORE) private readonly templates: TemplateStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const type of TEMPLATE_TYPES) {
      const content = JSON.parse(readFileSync(join(DEFAULT_TEMPLATES_DIR, `${type}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      await this.uow.run(() => this.templates.seed(type, uuidv7(), content));
    }
  }
}
