import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CommandBus } from '@nestjs/cqrs';
import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit } from '../../../../test/support/int-integrations';
import { ValidationError } from '../../../shared/domain/domain-error';
import { uuidv7 } from '../../../shared/domain/uuid';
import { AttachApplicationFileCommand } from '../../applications/application/commands/attach-application-file/attach-application-file.command';
import { InboundAdapterRegistry } from '../application/inbound/inbound-adapter.registry';
import {
  type FetchedAttachment,
  PermanentAttachmentError,
} from '../application/inbound/inbound-message.port';
import { ATTACHMENT_MAX_ATTEMPTS, InboundAttachmentWorker } from './inbound-attachment.worker';

interface Row {
  idx: number;
  status: string;
  attempts: number;
  last_error: string | null;
  attachment_id: string | null;
  sha256: string | null;
  size: string | null;
}

describe('InboundAttachmentWorker on the migrated schema', () => {
  const db = useIntDb();
  let kit: ReturnType<typeof integrationsKit>;
  let worker: InboundAttachmentWorker;
  let integrationId: string;
  let fetchNext: () => Promise<FetchedAttachment>;
  const attached: Array<{ applicationId: string; fileName: string; bytes: Buffer }> = [];
  let refuse: Error | null = null;

  beforeAll(async () => {
    kit = integrationsKit(db());
    integrationId = (await kit.addIntegration()).id;
    const registry = new InboundAdapterRegistry();
    registry.register({ channel: 'test', fetchAttachment: () => fetchNext() });
    registry.register({ channel: 'no-fetch' });
    // the applications module's command, as the worker sees it: it reads the stream to the end
    const commands = {
      execute: async (c: AttachApplicationFileCommand) => {
        expect(c).toBeInstanceOf(AttachApplicationFileCommand);
        const chunks: Buffer[] = [];
        for await (const chunk of c.file.stream) chunks.push(chunk as Buffer);
        if (refuse) throw refuse;
        attached.push({
          applicationId: c.applicationId,
          fileName: c.file.fileName ?? '',
          bytes: Buffer.concat(chunks),
        });
        return { id: uuidv7() };
      },
    } as unknown as CommandBus;
    worker = new InboundAttachmentWorker(
      db().uow,
      kit.inbound,
      registry,
      commands,
      kit.inboundSignals,
      kit.config,
    );
  });
  afterAll(() => worker.onApplicationShutdown());

  async function messageWithAttachments(channel: string, count: number, applicationId = uuidv7()) {
    return db().tx(async () => {
      const { id } = await kit.inbound.receive({
        channel,
        integrationId,
        providerMessageId: uuidv7(),
        sender: 's',
        contact: null,
        text: 'файлы',
        attachments: Array.from({ length: count }, (_, i) => ({
          ref: `ref-${i}`,
          fileName: `скан-${i}.pdf`,
          contentType: 'application/pdf',
          size: null,
        })),
        replyTo: null,
        threadKey: 't',
        receivedAt: new Date().toISOString(),
      });
      await kit.inbound.queueAttachments(id!, count, applicationId);
      return { id: id!, applicationId };
    });
  }
  const rows = (id: string) =>
    db().q<Row>(
      `SELECT idx, status, attempts, last_error, attachment_id, sha256, size::text FROM inbound_attachments
        WHERE message_id = $1 ORDER BY idx`,
      [id],
    );

  it('fetches each attachment once, hands it to the application and records its sha256 and size', async () => {
    const bytes = Buffer.from('%PDF-1.4 scanned passport');
    fetchNext = async () => ({
      stream: Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]),
      fileName: 'passport.pdf',
    });
    const m = await messageWithAttachments('test', 2);
    await worker.drain();
    const [a, b] = await rows(m.id);
    expect(a).toMatchObject({
      status: 'done',
      attempts: 1,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: String(bytes.length),
    });
    expect(a.attachment_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.status).toBe('done');
    expect(attached.filter((x) => x.applicationId === m.applicationId)).toHaveLength(2);
    expect(attached[0].bytes.equals(bytes)).toBe(true);
  });

  it('retries a provider failure with backoff and parks a permanent one at once', async () => {
    fetchNext = async () => {
      throw new Error('ECONNRESET');
    };
    const m = await messageWithAttachments('test', 1);
    await worker.drain();
    expect((await rows(m.id))[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'ECONNRESET' });

    await db().q(`UPDATE inbound_attachments SET next_attempt_at = now() WHERE message_id = $1`, [m.id]);
    fetchNext = async () => {
      throw new PermanentAttachmentError('the provider no longer has the file');
    };
    await worker.drain();
    expect((await rows(m.id))[0]).toMatchObject({ status: 'failed', attempts: 2 });

    fetchNext = async () => {
      throw new Error('still down');
    };
    const last = await messageWithAttachments('test', 1);
    await worker.drain();
    await db().q(
      `UPDATE inbound_attachments SET attempts = $2, next_attempt_at = now() WHERE message_id = $1`,
      [last.id, ATTACHMENT_MAX_ATTEMPTS - 1],
    );
    await worker.drain();
    expect((await rows(last.id))[0]).toMatchObject({ status: 'failed', attempts: ATTACHMENT_MAX_ATTEMPTS });
  });

  it('parks a file the applications module refuses, and a job whose channel cannot fetch', async () => {
    fetchNext = async () => ({ stream: Readable.from([Buffer.from('MZ')]), fileName: 'virus.exe' });
    refuse = ValidationError.field('file', 'this file type is not accepted');
    const m = await messageWithAttachments('test', 1);
    await worker.drain();
    refuse = null;
    expect((await rows(m.id))[0]).toMatchObject({ status: 'failed', attempts: 1 });

    const n = await messageWithAttachments('no-fetch', 1);
    await worker.drain();
    expect((await rows(n.id))[0]).toMatchObject({
      status: 'failed',
      last_error: 'the attachment or its channel adapter is gone',
    });
  });
});
