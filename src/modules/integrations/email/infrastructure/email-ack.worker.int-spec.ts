import { useIntDb } from '../../../../../test/support/int-db';
import { insertEmailIntegration, mailboxSettings } from '../../../../../test/support/int-email';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { startSmtpSink } from '../../../../../test/support/smtp-sink';
import type { AppConfig } from '../../../../config/app-config';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { InboundMessageStore } from '../../application/ports/inbound-message.store.port';
import { InboundSignals } from '../../application/inbound/inbound-signals';
import { ACK_MAX_ATTEMPTS, EmailAckWorker } from './email-ack.worker';
import { EmailAcknowledgements } from './email-acknowledgements';
import { SqlMailboxStore } from './sql-mailbox.store';
import { SqlInboundMessageStore } from '../../infrastructure/sql-inbound-message.store';

const PASSWORD = 'Smtp-Passw0rd-тест';

describe('EmailAckWorker on the migrated schema (a real SMTP server on loopback)', () => {
  const db = useIntDb();
  const cipher = testCipher('k1');
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let worker: EmailAckWorker;
  let acks: EmailAcknowledgements;
  let inbound: InboundMessageStore;

  beforeAll(async () => {
    sink = await startSmtpSink('zayavki@agency.test', PASSWORD);
    acks = new EmailAcknowledgements(db().uow, cipher);
    inbound = new SqlInboundMessageStore(db().uow, cipher, new InboundSignals());
    const config = {
      outbox: { pollIntervalMs: 60_000 },
      email: { allowSelfSigned: true },
    } as AppConfig;
    worker = new EmailAckWorker(
      db().uow,
      cipher,
      new SqlMailboxStore(db().uow, cipher),
      acks,
      inbound,
      config,
    );
  });
  afterAll(async () => {
    await worker.onApplicationShutdown();
    await sink.close();
  });

  const status = (integrationId: string) =>
    db().one<{ status: string; attempts: number; last_error: string | null }>(
      `SELECT status, attempts, last_error FROM email_acknowledgements WHERE integration_id = $1`,
      [integrationId],
    );

  it('sends an auto-reply once with a plus-address Reply-To and In-Reply-To, and records the references', async () => {
    const id = await insertEmailIntegration(db());
    await new SqlMailboxStore(db().uow, cipher).insert(
      id,
      mailboxSettings({ smtpPort: sink.port, password: PASSWORD }),
    );
    const app = uuidv7();
    await db().tx(async () => {
      await acks.queue(id, app, 'З-2026-000042', 'client@example.ru', 'orig-1@example.ru');
      worker.kickAfterCommit();
    });
    await worker.drain();
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail.envelopeTo).toEqual(['client@example.ru']);
    expect(mail.user).toBe('zayavki@agency.test');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.parsed.inReplyTo).toBe('<orig-1@example.ru>');
    expect(mail.parsed.replyTo!.value[0].address).toBe(`zayavki+${acks.tokenOf(app)}@agency.test`);
    expect(mail.parsed.text).toContain('З-2026-000042');
    expect(await status(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // the customer's answer to it (by its Message-ID or the plus address) finds the application
    const refs = await db().q<{ application_id: string }>(
      `SELECT application_id FROM inbound_references WHERE integration_id = $1`,
      [id],
    );
    expect(refs.map((r) => r.application_id)).toEqual([app, app]);
    await worker.drain();
    expect(sink.mails).toHaveLength(1);
  });

  it('backs off a refused login without leaking the password, and parks after the last attempt', async () => {
    const id = await insertEmailIntegration(db());
    await new SqlMailboxStore(db().uow, cipher).insert(
      id,
      mailboxSettings({ smtpPort: sink.port, password: 'Wrong-Secret-123' }),
    );
    await acks.queue(id, uuidv7(), null, 'someone@example.ru', null);
    await worker.drain();
    let s = await status(id);
    expect(s).toMatchObject({ status: 'pending', attempts: 1 });
    expect(s.last_error).toBeTruthy();
    expect(s.last_error).not.toContain('Wrong-Secret-123');
    await db().q(
      `UPDATE email_acknowledgements SET next_attempt_at = now(), attempts = $2 WHERE integration_id = $1`,
      [id, ACK_MAX_ATTEMPTS - 1],
    );
    await worker.drain();
    s = await status(id);
    expect(s).toMatchObject({ status: 'failed', attempts: ACK_MAX_ATTEMPTS });
  });

  it('fails an acknowledgement whose integration lost its mailbox', async () => {
    const id = await insertEmailIntegration(db());
    await acks.queue(id, uuidv7(), null, 'x@example.ru', null);
    await worker.drain();
    expect(await status(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'the integration has no mailbox any more',
    });
  });
});
