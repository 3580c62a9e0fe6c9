import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InboundAdapterRegistry } from '../../application/inbound/inbound-adapter.registry';
import {
  type FetchedAttachment,
  type InboundAttachment,
  type InboundChannelAdapter,
  type IntakeResult,
  PermanentAttachmentError,
  type StoredInboundMessage,
} from '../../application/inbound/inbound-message.port';
import type { EmailRaw } from '../application/email-message';
import { EmailAckWorker } from './email-ack.worker';
import { EmailAcknowledgements } from './email-acknowledgements';
import { parseEmail } from './mime-parser';

const rawOf = (m: StoredInboundMessage): EmailRaw =>
  (m.raw ?? { kind: 'personal', acknowledge: false, messageId: null }) as EmailRaw;

/**
 * The e-mail channel on the inbound port: machine mail (auto-replies, lists, bounces) never
 * becomes an application and is never answered; e-mail threads only by references (no time
 * window: a new letter is a new request); a new application is acknowledged once per sender per
 * day; attachments are cut from the sealed source when the attachment worker asks.
 */
@Injectable()
export class EmailChannelAdapter implements InboundChannelAdapter {
  readonly channel = 'email';
  readonly applicationSource = 'email' as const;
  readonly conversationWindowMs = 0;
  readonly requiresConsent = false;

  constructor(
    registry: InboundAdapterRegistry,
    private readonly acks: EmailAcknowledgements,
    private readonly ackWorker: EmailAckWorker,
  ) {
    registry.register(this);
  }

  accepts(message: StoredInboundMessage): boolean {
    return rawOf(message).kind === 'personal';
  }

  async acknowledge(message: StoredInboundMessage, result: IntakeResult): Promise<void> {
    const raw = rawOf(message);
    if (!result.created || !raw.acknowledge) return;
    const queued = await this.acks.queue(
      message.integrationId,
      result.applicationId,
      result.applicationNumber,
      message.sender,
      raw.messageId,
    );
    if (queued) this.ackWorker.kickAfterCommit();
  }

  async fetchAttachment(
    message: StoredInboundMessage,
    attachment: InboundAttachment,
  ): Promise<FetchedAttachment> {
    const raw = rawOf(message);
    const index = Number(/^part:(\d+)$/.exec(attachment.ref)?.[1] ?? Number.NaN);
    if (!raw.source || !Number.isInteger(index))
      throw new PermanentAttachmentError('the message source is gone');
    const mail = await parseEmail(Buffer.from(raw.source, 'base64'));
    const part = mail.attachments[index];
    if (!part) throw new PermanentAttachmentError('the attachment is not in the message');
    return {
      stream: Readable.from([part.content]),
      fileName: part.fileName ?? attachment.fileName ?? `file-${index}`,
    };
  }
}
