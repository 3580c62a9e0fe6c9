import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { MAX_ATTACHMENT_BYTES } from '../../../applications/domain/application';
import { PollingWorker } from '../../infrastructure/polling-worker';
import { EmailIntake } from '../application/email-intake';
import { MAILBOX_STORE, type MailboxStore } from '../application/mailbox-store.port';
import { EmailAckWorker } from './email-ack.worker';
import { EmailInbox } from './email-inbox';
import { parseEmail } from './mime-parser';

export const MESSAGE_MAX_ATTEMPTS = 5;

/**
 * Turns stored e-mails into applications: claims one at a time with `FOR UPDATE SKIP LOCKED`
 * (replicas never take the same message) and runs the intake in the claiming transaction, so the
 * application and the `done` mark commit together. A failure is retried with backoff, then parked.
 */
@Injectable()
export class EmailMessageWorker extends PollingWorker {
  protected readonly logger = new Logger('EmailIntake');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly inbox: EmailInbox,
    private readonly intake: EmailIntake,
    @Inject(MAILBOX_STORE) private readonly mailboxes: MailboxStore,
    private readonly acks: EmailAckWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    let claimed: { id: string; attempts: number; integrationId: string } | null = null;
    try {
      return await this.uow.run(async () => {
        const message = await this.inbox.claim();
        if (!message) return false;
        claimed = message;
        const mailbox = await this.mailboxes.find(message.integrationId);
        if (!mailbox) throw new Error('the integration has no mailbox any more');
        const mail = await parseEmail(message.source);
        const r = await this.intake.handle(message.integrationId, mailbox.settings, mail, {
          maxAttachments: this.config.email.maxAttachments,
          maxAttachmentBytes: MAX_ATTACHMENT_BYTES,
        });
        await this.inbox.finish(message.id, r.applicationId ? 'done' : 'ignored', r.outcome, r.applicationId);
        if (r.acknowledged) this.uow.afterCommit(() => this.acks.kick());
        return true;
      });
    } catch (err) {
      const c = claimed as { id: string; attempts: number; integrationId: string } | null;
      if (!c) throw err;
      const attempts = c.attempts + 1;
      const message = ((err as Error).message ?? String(err)).slice(0, 500);
      await this.inbox.fail(c.id, attempts, attempts >= MESSAGE_MAX_ATTEMPTS, message, 2 ** attempts);
      this.logger.warn(
        `e-mail ${c.id} of integration ${c.integrationId} failed (attempt ${attempts}): ${message}`,
      );
      return true;
    }
  }
}
