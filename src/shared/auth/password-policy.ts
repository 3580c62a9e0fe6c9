/**
 * The staff password policy, one place for every form that sets or checks a password (users'
 * create / update, auth's change-password and login).
 */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer input is refused before it reaches the (deliberately slow) hasher. */
export const MAX_PASSWORD_LENGTH = 200;
