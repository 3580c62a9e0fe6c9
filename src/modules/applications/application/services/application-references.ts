import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ValidationError } from '../../../../shared/domain/domain-error';
import { isUuid } from '../../../../shared/domain/uuid';
import { FindClientsByContactQuery } from '../../../clients/application/queries/find-clients-by-contact/find-clients-by-contact.query';
import { GetClientSummariesQuery } from '../../../clients/application/queries/get-client-summaries/get-client-summaries.query';
import { GetUserQuery } from '../../../users/application/queries/get-user/get-user.query';
import type { Contact } from '../../domain/contact';

const MAX_MERGE_HOPS = 20;

/**
 * Checks and finds what an application points at in other modules, only through their queries:
 * clients (explicit link must exist; automatic link through the blind indexes) and users (assignee).
 */
@Injectable()
export class ApplicationReferences {
  constructor(private readonly queries: QueryBus) {}

  /** 422 naming `field` unless `clientId` is a live client; a merged one names its survivor. */
  async assertClient(clientId: string, field = 'clientId'): Promise<void> {
    const [summary] = isUuid(clientId)
      ? await this.queries.execute(new GetClientSummariesQuery([clientId]))
      : [];
    if (!summary) throw ValidationError.field(field, `client ${clientId} does not exist`);
    if (summary.mergedInto !== null) {
      throw ValidationError.field(
        field,
        `client ${clientId} was merged into ${summary.mergedInto}; link that one`,
      );
    }
  }

  /**
   * The live client `clientId` stands for now: itself, or the survivor it was merged into
   * (following a chain of merges); null when it was deleted.
   */
  async liveClient(clientId: string): Promise<string | null> {
    let id = clientId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      const [summary] = await this.queries.execute(new GetClientSummariesQuery([id]));
      if (!summary) return null;
      if (summary.mergedInto === null) return id;
      id = summary.mergedInto;
    }
    return null;
  }

  /** 422 naming `field` unless `userId` is an active user. */
  async assertAssignee(userId: string, field = 'assigneeId'): Promise<void> {
    const user = isUuid(userId) ? await this.queries.execute(new GetUserQuery(userId)) : null;
    if (!user || !user.active)
      throw ValidationError.field(field, `user ${userId} does not exist or is not active`);
  }

  /**
   * The one live client whose e-mail or phone (any spelling) matches the contact; null when none
   * or when the contact points at several different clients (staff decide then).
   */
  async matchClient(contact: Contact): Promise<string | null> {
    if (contact.email === null && contact.phone === null) return null;
    const matches = await this.queries.execute(
      new FindClientsByContactQuery({
        emails: contact.email === null ? [] : [contact.email],
        phones: contact.phone === null ? [] : [contact.phone],
      }),
    );
    const ids = [...new Set(matches.map((m) => m.clientId))];
    return ids.length === 1 ? ids[0] : null;
  }
}
