/**
 * Limits of contact data every module checks the same way (clients, applications, users, the
 * mailboxes): the domain rejects longer values, the DTOs import these for their schemas.
 */

/** An e-mail address (RFC 5321: 254 characters in a forward path). */
export const MAX_EMAIL = 254;
/** A phone number as typed, before it is normalised to E.164. */
export const MAX_PHONE_TEXT = 40;
/** A person's full name. */
export const MAX_PERSON_NAME = 200;
