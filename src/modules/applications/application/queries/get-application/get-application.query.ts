import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ApplicationView } from '../../application.view';

/**
 * One application as `viewer` may see it; null when unknown. Roles with `clients.read-pii` get the
 * contact and the raw payload in full, and the read is audited as `pii.read` (naming the fields and
 * `via`, the endpoint); other roles get the contact masked (the name stays) and no payload.
 * Without a viewer the read is internal (nothing is shown to anyone): full, not audited.
 */
export class GetApplicationQuery extends Query<ApplicationView | null> {
  constructor(
    readonly id: string,
    readonly viewer?: Actor,
    readonly via: string = 'getApplication',
  ) {
    super();
  }
}
