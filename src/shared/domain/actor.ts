export const ROLES = ['admin', 'supervisor', 'operator', 'accountant'] as const;
export type Role = (typeof ROLES)[number];

/** Who causes a change: a signed-in user, an unauthenticated caller (login, intake) or the system itself. */
export interface Actor {
  userId: string | null;
  role: Role | 'anonymous' | 'system';
  /** The request (correlation) id that every event and log line of this change carries. */
  correlationId: string | null;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: null, role: 'system', correlationId: null });

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
