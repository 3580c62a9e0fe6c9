import { Inject, Injectable } from '@nestjs/common';
import {
  ClientReferenceMover,
  type ClientReferenceMoverPort,
} from '../../../../shared/contracts/client-references';
import type { Actor } from '../../../../shared/domain/actor';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import { APPLICATION_REPOSITORY, type ApplicationRepository } from '../../domain/application.repository.port';

/**
 * When clients merge, the duplicate's applications follow it to the survivor inside the merge
 * command's transaction, each with an `applications.client-relinked` event for the audit trail.
 */
@Injectable()
@ClientReferenceMover({ name: 'applications' })
export class ApplicationsClientReferenceMover implements ClientReferenceMoverPort {
  constructor(
    @Inject(APPLICATION_REPOSITORY) private readonly applications: ApplicationRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async moveClientReferences(fromClientId: string, toClientId: string, actor: Actor): Promise<number> {
    if (fromClientId === toClientId) return 0;
    const linked = await this.applications.findByClientForUpdate(fromClientId);
    const now = new Date();
    for (const application of linked) {
      application.relinkClient(fromClientId, toClientId, { by: actor.userId, now });
      await this.applications.update(application);
      await this.outbox.append(application.pullEvents(), actor);
    }
    return linked.length;
  }
}
