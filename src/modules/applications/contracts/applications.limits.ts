/** Limits of an application that intake channels (e-mail, bots) apply before they hand a message over. */
export { MAX_ATTACHMENT_BYTES, MAX_TEXT } from '../domain/application';
