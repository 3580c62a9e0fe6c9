import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { ClientView } from '../../client.view';

export type GetClientResult =
  | { status: 'found'; client: ClientView }
  /** The id is a tombstone: the client was merged into `survivorId` (followed to the last survivor). */
  | { status: 'merged'; survivorId: string; survivorDeleted: boolean }
  | { status: 'not-found' };

/**
 * One client as `viewer` may see it. A response that reveals full personal data records a
 * `pii.read` event (audited) naming the fields and `via` (the endpoint that revealed them).
 */
export class GetClientQuery extends Query<GetClientResult> {
  constructor(
    readonly id: string,
    readonly viewer: Actor,
    readonly via: string = 'getClient',
  ) {
    super();
  }
}
