/** Storage the e-mail intake needs besides the applications module (threads, acknowledgements). */
export interface EmailIntakeStore {
  /** The application a conversation belongs to: the first of the Message-IDs known, else the token's. */
  findThread(integrationId: string, messageIds: string[], token: string | null): Promise<string | null>;
  /** Message-IDs (received or sent) and a plus-address token that lead to this application from now on. */
  remember(integrationId: string, applicationId: string, messageIds: string[], token?: string): Promise<void>;
  /** The plus-address token of an application, created on first use. */
  tokenOf(integrationId: string, applicationId: string): Promise<string>;
  /**
   * Queues an acknowledgement unless this sender already got one today; returns false when one
   * was already queued (nothing is stored then).
   */
  queueAcknowledgement(
    integrationId: string,
    applicationId: string,
    recipient: string,
    inReplyTo: string | null,
  ): Promise<boolean>;
}

export const EMAIL_INTAKE_STORE = Symbol('EmailIntakeStore');
