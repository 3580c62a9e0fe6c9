import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { DomainError } from '../../../shared/domain/domain-error';
import { AttachApplicationFileCommand } from '../../applications/application/commands/attach-application-file/attach-application-file.command';
import { InboundAdapterRegistry } from '../application/inbound/inbound-adapter.registry';
import { inboundActor } from '../application/inbound/inbound-intake';
import { PermanentAttachmentError } from '../application/inbound/inbound-message.port';
import { InboundMessageStore } from '../application/ports/inbound-message.store.port';
import { InboundSignals } from '../application/inbound/inbound-signals';
import { scrubToken } from '../application/services/integration-secrets';
import { PollingWorker } from '../../../shared/runtime/polling-worker';

export const ATTACHMENT_MAX_ATTEMPTS = 8;

/** Hashes what passes through (the stored file's sha256, recorded with the job). */
class Sha256 extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

interface Job {
  message_id: string;
  idx: number;
  application_id: string;
  attempts: number;
}

/**
 * Fetches the attachments of processed inbound messages from their providers and stores them
 * on the application (type sniffed, size limited by the applications module). One job per file,
 * claimed with SKIP LOCKED; a failure is retried with backoff — a provider's download link that
 * expired in between is simply asked for again by the adapter on the next attempt. A file the
 * applications module refuses (type, size) or the provider no longer has is parked at once.
 */
@Injectable()
export class InboundAttachmentWorker extends PollingWorker {
  protected readonly logger = new Logger('InboundAttachments');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: InboundMessageStore,
    private readonly registry: InboundAdapterRegistry,
    private readonly commands: CommandBus,
    signals: InboundSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    signals.onAttachments(() => this.kick());
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    return this.uow.run(async () => {
      const [job] = await this.uow.rows<Job>(
        `SELECT message_id, idx, application_id, attempts FROM inbound_attachments
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, message_id, idx LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!job) return false;
      try {
        const message = await this.store.load(job.message_id);
        const attachment = message?.attachments[job.idx];
        const adapter = message ? this.registry.get(message.channel) : undefined;
        if (!message || !attachment || !adapter?.fetchAttachment) {
          throw new PermanentAttachmentError('the attachment or its channel adapter is gone');
        }
        const fetched = await adapter.fetchAttachment(message, attachment);
        const hash = new Sha256();
        fetched.stream.on('error', (err) => hash.destroy(err));
        const view = await this.commands.execute(
          new AttachApplicationFileCommand(
            job.application_id,
            { stream: fetched.stream.pipe(hash), fileName: fetched.fileName },
            inboundActor({ channel: message.channel, id: message.id }),
          ),
        );
        await this.uow.sql(
          `UPDATE inbound_attachments SET status = 'done', done_at = now(), attempts = attempts + 1, last_error = NULL,
                  attachment_id = $3, sha256 = $4, size = $5
            WHERE message_id = $1 AND idx = $2`,
          [job.message_id, job.idx, view.id, hash.hex(), hash.bytes],
        );
      } catch (err) {
        const attempts = job.attempts + 1;
        const permanent =
          err instanceof PermanentAttachmentError ||
          err instanceof DomainError ||
          attempts >= ATTACHMENT_MAX_ATTEMPTS;
        const message = scrubToken((err as Error)?.message ?? String(err)).slice(0, 500);
        await this.uow.sql(
          `UPDATE inbound_attachments SET attempts = $3, status = $4, last_error = $5,
                  next_attempt_at = now() + make_interval(secs => $6)
            WHERE message_id = $1 AND idx = $2`,
          [
            job.message_id,
            job.idx,
            attempts,
            permanent ? 'failed' : 'pending',
            message,
            Math.min(2 ** attempts, 3600),
          ],
        );
        this.logger.warn(`attachment ${job.idx} of inbound message ${job.message_id} not stored: ${message}`);
      }
      return true;
    });
  }
}
