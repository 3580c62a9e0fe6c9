/** Readiness checks beyond the database: modules push theirs (object storage, …) into this shared list at start. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}
