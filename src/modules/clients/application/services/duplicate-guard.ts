import type { Client, ClientIdentifier } from '../../domain/client';
import { DuplicateClientError } from '../../domain/client';
import type { DuplicateMatch } from '../../domain/client.events';
import type { ClientRepository, IdentifierMatch } from '../../domain/client.repository.port';

/** Matches reduced to one per (client, field kind), in a stable order. */
export function distinctMatches(matches: readonly IdentifierMatch[]): DuplicateMatch[] {
  const seen = new Map<string, DuplicateMatch>();
  for (const m of matches) {
    const key = `${m.clientId}:${m.identifier.kind}`;
    if (!seen.has(key)) seen.set(key, { clientId: m.clientId, field: m.identifier.kind });
  }
  return [...seen.values()];
}

/**
 * The de-duplication rule of every client write: the identifiers being added must not belong to
 * another live client, unless the caller allows it — then the client records
 * `clients.duplicate-allowed` (audited). Runs inside the write's transaction after locking the
 * identifiers, so concurrent writers of one phone are serialised.
 */
export async function guardDuplicates(
  repo: ClientRepository,
  client: Client,
  added: readonly ClientIdentifier[],
  allowDuplicate: boolean,
): Promise<void> {
  if (added.length === 0) return;
  await repo.lockIdentifiers(added);
  const matches = await repo.findMatches(added, client.id);
  if (matches.length === 0) return;
  if (!allowDuplicate) {
    throw new DuplicateClientError(
      matches.map((m) => ({ clientId: m.clientId, field: m.identifier.kind, path: m.identifier.field })),
    );
  }
  client.allowDuplicates(distinctMatches(matches));
}

/** Identifiers of `after` that `before` did not have (by kind and value). */
export function addedIdentifiers(
  before: readonly ClientIdentifier[],
  after: readonly ClientIdentifier[],
): ClientIdentifier[] {
  const had = new Set(before.map((i) => `${i.kind}:${i.value}`));
  return after.filter((i) => !had.has(`${i.kind}:${i.value}`));
}
