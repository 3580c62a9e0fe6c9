import type { Actor } from '../../../shared/domain/actor';

export { PASSWORD_HASHER, type PasswordHasher } from '../application/ports/password-hasher.port';

/** A password needs a letter and a digit (users' DTOs and auth's change-password DTO). */
export const PASSWORD_RULE = /^(?=.*[A-Za-zА-Яа-яЁё])(?=.*\d).+$/;

/**
 * Ends a user's sessions when the user is disabled, deleted, or changes role or password. Declared
 * by users (who decides *when*), implemented by auth (who owns the sessions): users never imports
 * auth, so the two modules form no cycle. Runs inside the caller's unit of work.
 */
export interface SessionRevoker {
  /** Revokes every session of `userId` but `exceptFamilyId`; returns how many were revoked. */
  revokeAll(userId: string, reason: string, actor: Actor, exceptFamilyId?: string): Promise<number>;
}

export const SESSION_REVOKER = Symbol('SESSION_REVOKER');
