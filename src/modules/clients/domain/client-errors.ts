import { DomainError } from '../../../shared/domain/domain-error';
import type { DuplicateMatch } from './client.events';

/** The client was merged into another one; the id answers with the survivor's. */
export class ClientMergedError extends DomainError {
  constructor(id: string, survivorId: string) {
    super('CLIENTS.MERGED', `client ${id} was merged into ${survivorId}`, { id, survivorId });
  }
}

/** The duplicate of a merge is already a tombstone of an earlier merge. */
export class ClientAlreadyMergedError extends DomainError {
  constructor(id: string, survivorId: string) {
    super('CLIENTS.ALREADY_MERGED', `client ${id} was already merged into ${survivorId}`, {
      id,
      survivorId,
    });
  }
}

/** An e-mail, phone or passport of the write already belongs to another client. */
export class DuplicateClientError extends DomainError {
  constructor(matches: (DuplicateMatch & { path: string })[]) {
    const first = matches[0];
    super(
      'CLIENTS.DUPLICATE',
      `The ${first.field} at ${first.path} already belongs to client ${first.clientId}; pass ?allowDuplicate=true to save anyway`,
      {
        matchingClientId: first.clientId,
        field: first.field,
        matches: matches.map((m) => ({ clientId: m.clientId, field: m.field, path: m.path })),
      },
      matches.map((m) => ({ field: m.path, message: `${m.path} already belongs to client ${m.clientId}` })),
    );
  }
}
