import type { Diff } from '../../../shared/domain/domain-event';
import { type Conflict, type ConflictContext, conflictKey, detectConflicts } from './conflicts.policy';
import { ServiceConflictError } from './order-errors';
import type { Service } from './service';

/** What a candidate itinerary comes to: sorted services, all conflicts, the new ones, forced or not. */
export interface ItineraryStep {
  services: Service[];
  conflicts: Conflict[];
  fresh: Conflict[];
  /** New error-severity conflicts were accepted with `force`. */
  forced: boolean;
}

/**
 * Runs the conflict policy on a candidate itinerary. New error-severity conflicts the change
 * introduces block it unless forced (ones accepted earlier stay as they are).
 */
export function itineraryStep(
  known: readonly Conflict[],
  services: Service[],
  ctx: { conflicts: ConflictContext; force: boolean },
  changedId: string | null,
): ItineraryStep {
  const conflicts = detectConflicts(services, ctx.conflicts);
  const seen = new Set(known.map(conflictKey));
  const fresh = conflicts.filter((c) => !seen.has(conflictKey(c)));
  const blocking = changedId === null ? [] : fresh.filter((c) => c.severity === 'error');
  if (blocking.length > 0 && !ctx.force) throw new ServiceConflictError(blocking);
  return {
    services: [...services].sort(
      (a, b) => a.startAt.getTime() - b.startAt.getTime() || a.id.localeCompare(b.id),
    ),
    conflicts,
    fresh,
    forced: blocking.length > 0,
  };
}

/** A forced change says so in its audited diff, with the error conflicts it accepted. */
export function forcedDiff(step: ItineraryStep, diff: Diff): Diff {
  if (!step.forced) return diff;
  const accepted = step.fresh.filter((c) => c.severity === 'error').map((c) => c.code);
  return { ...diff, force: { from: false, to: true }, acceptedConflicts: { from: null, to: accepted } };
}
