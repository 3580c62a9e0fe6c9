/** Readiness checks beyond the database: modules push theirs (object storage, …) into this shared list at start. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; a string it resolves with is shown instead of `ok` (a detail such as a backup's age). */
  check(): Promise<void | string>;
  /** Reported, but never makes the instance unready (e.g. the age of the last backup). */
  informational?: boolean;
}
