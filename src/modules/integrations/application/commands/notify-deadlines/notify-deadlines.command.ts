import { Command } from '@nestjs/cqrs';

/** The agency's day for "due tomorrow" (Moscow first; no DST there). */
export const AGENCY_TIME_ZONE = 'Europe/Moscow';
export const DEADLINES_JOB = 'deadlines-tomorrow';

/**
 * The scheduled "payment deadlines due tomorrow" notice to each order's manager on the operator
 * bots. The job row is claimed with `FOR UPDATE SKIP LOCKED`, so of N replicas one runs a round;
 * each notice has a dedupe key (order + day), so hourly rounds never send one twice.
 * Returns the notices queued, or null when the job was not due or another replica holds it.
 */
export class NotifyDeadlinesCommand extends Command<number | null> {
  constructor(readonly force = false) {
    super();
  }
}
