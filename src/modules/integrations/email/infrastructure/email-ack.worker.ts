import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { InboundMessageStore } from '../../application/ports/inbound-message.store.port';
import { PollingWorker } from '../../../../shared/runtime/polling-worker';
import { messageRef, tokenRef } from '../application/email-message';
import { MAILBOX_STORE, type MailboxStore } from '../application/mailbox-store.port';
import { acknowledgement } from '../domain/acknowledgement';
import { bareAddress } from '../domain/mailbox-settings';
import { plusAddress } from '../domain/reply-token';
import { describeMailError, scrubSecrets, smtpTransport } from './imap-connection';
import { ackInReplyToAad, ackRecipientAad, EmailAcknowledgements } from './email-acknowledgements';

export const ACK_MAX_ATTEMPTS = 6;

interface AckRow {
  id: string;
  integration_id: string;
  application_id: string;
  application_number: string | null;
  recipient_encrypted: string;
  in_reply_to: string | null;
  attempts: number;
}

/**
 * Sends acknowledgements over the mailbox's SMTP: claimed with `FOR UPDATE SKIP LOCKED` and marked
 * sent in the transaction of the send (no two replicas send one), marked `Auto-Submitted:
 * auto-replied` (RFC 3834) so well-behaved robots do not answer, with a plus-address Reply-To and
 * In-Reply-To that lead the customer's reply back to the application. Failures back off, then park.
 */
@Injectable()
export class EmailAckWorker extends PollingWorker {
  protected readonly logger = new Logger('EmailAcknowledgements');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
    @Inject(MAILBOX_STORE) private readonly mailboxes: MailboxStore,
    private readonly acks: EmailAcknowledgements,
    private readonly references: InboundMessageStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** Sends once the current transaction (which queued an acknowledgement) commits. */
  kickAfterCommit(): void {
    this.uow.afterCommit(() => this.kick());
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    let claimed: AckRow | undefined;
    let secrets: string[] = [];
    try {
      return await this.uow.run(async () => {
        [claimed] = await this.uow.rows<AckRow>(
          `SELECT id, integration_id, application_id, application_number, recipient_encrypted, in_reply_to, attempts
             FROM email_acknowledgements
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!claimed) return false;
        const mailbox = await this.mailboxes.find(claimed.integration_id);
        if (!mailbox) throw new Error('the integration has no mailbox any more');
        const { smtp } = mailbox.settings;
        secrets = [smtp.password, mailbox.settings.imap.password];
        const recipient = this.cipher.decrypt(claimed.recipient_encrypted, ackRecipientAad(claimed.id));
        const inReplyTo = claimed.in_reply_to
          ? this.cipher.decrypt(claimed.in_reply_to, ackInReplyToAad(claimed.id))
          : null;
        const from = bareAddress(smtp.from) ?? smtp.user;
        const token = this.acks.tokenOf(claimed.application_id);
        const messageId = `${uuidv7()}@${from.split('@')[1] ?? 'localhost'}`;
        const text = acknowledgement({ number: claimed.application_number, subject: null });
        const transport = smtpTransport(smtp, { allowSelfSigned: this.config.email.allowSelfSigned });
        try {
          await transport.sendMail({
            from: smtp.from,
            to: recipient,
            replyTo: plusAddress(from, token),
            subject: text.subject,
            text: text.body,
            messageId: `<${messageId}>`,
            ...(inReplyTo ? { inReplyTo: `<${inReplyTo}>`, references: [`<${inReplyTo}>`] } : {}),
            headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
          });
        } finally {
          transport.close();
        }
        // a reply to the acknowledgement (In-Reply-To, or the plus address) joins the application
        for (const ref of [messageRef(messageId), tokenRef(token)])
          await this.references.addReference(claimed.integration_id, ref, claimed.application_id);
        await this.uow.sql(
          `UPDATE email_acknowledgements SET status = 'sent', sent_at = now(), attempts = attempts + 1,
                  last_error = NULL
            WHERE id = $1`,
          [claimed.id],
        );
        return true;
      });
    } catch (err) {
      if (!claimed) throw err;
      const attempts = claimed.attempts + 1;
      const message = scrubSecrets(describeMailError(err), secrets);
      await this.uow.sql(
        `UPDATE email_acknowledgements SET attempts = $2, status = $3, last_error = $4,
                next_attempt_at = now() + make_interval(secs => $5)
          WHERE id = $1`,
        [
          claimed.id,
          attempts,
          attempts >= ACK_MAX_ATTEMPTS ? 'failed' : 'pending',
          message,
          2 ** attempts * 5,
        ],
      );
      this.logger.warn(`acknowledgement ${claimed.id} failed (attempt ${attempts}): ${message}`);
      return true;
    }
  }
}
