import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Readable } from 'node:stream';
import { AppendToApplicationCommand } from '../../../applications/application/commands/append-to-application/append-to-application.command';
import { AttachApplicationFileCommand } from '../../../applications/application/commands/attach-application-file/attach-application-file.command';
import { CreateApplicationCommand } from '../../../applications/application/commands/create-application/create-application.command';
import { MAX_TEXT } from '../../../applications/domain/application';
import { DomainError } from '../../../../shared/domain/domain-error';
import { SYSTEM_ACTOR } from '../../../../shared/domain/actor';
import {
  applicationText,
  type InboundEmail,
  mayAcknowledge,
  threadCandidates,
} from '../domain/inbound-email';
import { bareAddress, type MailboxSettings } from '../domain/mailbox-settings';
import { tokenFromRecipients } from '../domain/reply-token';
import { EMAIL_INTAKE_STORE, type EmailIntakeStore } from './email-intake.port';

export interface IntakeLimits {
  /** Files taken from one message; the rest are listed as skipped. */
  maxAttachments: number;
  maxAttachmentBytes: number;
}

export interface IntakeOutcome {
  applicationId: string | null;
  /** `created`, `appended`, or why nothing was created (`auto-reply`, `bulk`, `bounce`). */
  outcome: 'created' | 'appended' | 'auto-reply' | 'bulk' | 'bounce';
  skippedAttachments: string[];
  acknowledged: boolean;
}

/**
 * Turns one received e-mail into an application: machine mail (auto-replies, lists, bounces) is
 * dropped and never answered; a reply (In-Reply-To, then References, then the plus-address token)
 * joins its application; anything else opens a new one, linked to a client by the sender's address
 * (the clients' blind index) and acknowledged once per sender per day. Runs inside the caller's
 * transaction, so the message is marked processed together with its effects.
 */
@Injectable()
export class EmailIntake {
  private readonly logger = new Logger('EmailIntake');

  constructor(
    private readonly commands: CommandBus,
    @Inject(EMAIL_INTAKE_STORE) private readonly store: EmailIntakeStore,
  ) {}

  async handle(
    integrationId: string,
    mailbox: MailboxSettings,
    mail: InboundEmail,
    limits: IntakeLimits,
  ): Promise<IntakeOutcome> {
    if (mail.kind !== 'personal')
      return { applicationId: null, outcome: mail.kind, skippedAttachments: [], acknowledged: false };
    const own = [bareAddress(mailbox.smtp.from), bareAddress(mailbox.imap.user)].filter(
      (a): a is string => a !== null,
    );
    const token = own.map((o) => tokenFromRecipients(o, mail.recipients)).find((t) => t !== null) ?? null;
    const files = mail.attachments.filter((a) => !a.inline);
    const skipped = files
      .slice(limits.maxAttachments)
      .map((a) => `${a.fileName ?? 'без имени'}: больше ${limits.maxAttachments} файлов`);
    const taken = files.slice(0, limits.maxAttachments).filter((a) => {
      if (a.content.length <= limits.maxAttachmentBytes) return true;
      skipped.push(
        `${a.fileName ?? 'без имени'}: больше ${Math.floor(limits.maxAttachmentBytes / 1048576)} МБ`,
      );
      return false;
    });
    const contact = {
      name: mail.fromName ? mail.fromName.slice(0, 200) : null,
      // an address the applications module would refuse must not park the whole message
      email:
        mail.fromAddress && mail.fromAddress.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(mail.fromAddress)
          ? mail.fromAddress
          : null,
    };

    let applicationId = await this.store.findThread(integrationId, threadCandidates(mail), token);
    let outcome: IntakeOutcome['outcome'] = 'appended';
    if (applicationId !== null) {
      const r = await this.commands.execute(
        new AppendToApplicationCommand(
          applicationId,
          { text: applicationText(mail, MAX_TEXT), contact },
          SYSTEM_ACTOR,
        ),
      );
      if (!r.appended) applicationId = null;
    }
    if (applicationId === null) {
      outcome = 'created';
      const created = await this.commands.execute(
        new CreateApplicationCommand(
          {
            source: 'email',
            text: applicationText(mail, MAX_TEXT),
            contact,
            payload: {
              subject: mail.subject,
              messageId: mail.messageId,
              date: mail.date ? mail.date.toISOString() : null,
            },
          },
          SYSTEM_ACTOR,
        ),
      );
      applicationId = created.id;
    }
    for (const a of taken) {
      try {
        await this.commands.execute(
          new AttachApplicationFileCommand(
            applicationId,
            { stream: Readable.from([a.content]), fileName: a.fileName ?? undefined },
            SYSTEM_ACTOR,
          ),
        );
      } catch (err) {
        // a file of a type we do not keep (or over the application's limit) does not lose the message
        if (!(err instanceof DomainError)) throw err;
        skipped.push(`${a.fileName ?? 'без имени'}: ${err.message}`);
      }
    }
    if (skipped.length > 0) {
      this.logger.log(`e-mail intake ${integrationId}: ${skipped.length} attachment(s) not stored`);
      await this.commands.execute(
        new AppendToApplicationCommand(
          applicationId,
          { text: `Не сохранены вложения:\n${skipped.map((s) => `- ${s}`).join('\n')}` },
          SYSTEM_ACTOR,
        ),
      );
    }
    await this.store.remember(integrationId, applicationId, mail.messageId ? [mail.messageId] : []);
    let acknowledged = false;
    if (outcome === 'created' && mayAcknowledge(mail, own) && mail.fromAddress) {
      acknowledged = await this.store.queueAcknowledgement(
        integrationId,
        applicationId,
        mail.fromAddress,
        mail.messageId,
      );
    }
    return { applicationId, outcome, skippedAttachments: skipped, acknowledged };
  }
}
