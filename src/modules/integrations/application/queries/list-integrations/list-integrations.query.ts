import { Query } from '@nestjs/cqrs';
import type { Page, PageWindow } from '../../../../../shared/pagination/page';
import type { IntegrationView } from '../../integration.view';

/** Integrations, oldest first, optionally one purpose or just one id; never a secret. */
export class ListIntegrationsQuery extends Query<Page<IntegrationView>> {
  constructor(
    readonly filter: { purpose?: string; id?: string },
    readonly window: PageWindow,
  ) {
    super();
  }
}
