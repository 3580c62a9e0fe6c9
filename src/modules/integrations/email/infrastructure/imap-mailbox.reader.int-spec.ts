import { startDovecot, type TestMailServer } from '../../../../../test/support/dovecot';
import { useIntDb } from '../../../../../test/support/int-db';
import { insertEmailIntegration, mailboxSettings } from '../../../../../test/support/int-email';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { startSmtpSink } from '../../../../../test/support/smtp-sink';
import { eventually, testEnv } from '../../../../../test/support/test-app';
import { type AppConfig, loadConfig } from '../../../../config/app-config';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { InboundAdapterRegistry } from '../../application/inbound/inbound-adapter.registry';
import { PermanentAttachmentError } from '../../application/inbound/inbound-message.port';
import { InboundMessageStore } from '../../application/ports/inbound-message.store.port';
import { InboundSignals } from '../../application/inbound/inbound-signals';
import { RecordingCommandBus } from '../../../../../test/support/int-integrations';
import { EmailAckWorker } from './email-ack.worker';
import { EmailAcknowledgements } from './email-acknowledgements';
import { EmailChannelAdapter } from './email-channel.adapter';
import { EmailInbox } from './email-inbox';
import { ImapMailboxReader, reconnectDelay } from './imap-mailbox.reader';
import { ImapSmtpMailboxCheck } from './imap-smtp-mailbox.check';
import { SqlMailboxStore } from './sql-mailbox.store';
import { SqlInboundMessageStore } from '../../infrastructure/sql-inbound-message.store';

function letter(mark: string, extra: string[] = [], body = 'Здравствуйте! Хотим в Сочи.'): string {
  return [
    `From: Ольга <olga.${mark}@example.ru>`,
    'To: zayavki@agency.test',
    `Subject: Тур ${mark}`,
    `Message-ID: <${mark}@example.ru>`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0300',
    'MIME-Version: 1.0',
    ...extra,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
}

/** The IMAP reader against Debian's Dovecot on loopback (IMAP + LMTP, real protocol). */
jest.setTimeout(180_000);

describe('ImapMailboxReader on the migrated schema (Dovecot)', () => {
  const db = useIntDb();
  const cipher = testCipher('k1');
  let mail: TestMailServer;
  let reader: ImapMailboxReader;
  let config: AppConfig;
  let integrationId: string;
  let inbound: InboundMessageStore;

  beforeAll(async () => {
    mail = await startDovecot();
    config = loadConfig(
      testEnv(db().db.url, {
        EMAIL_POLL_INTERVAL_MS: '300',
        EMAIL_LEASE_MS: '4000',
        EMAIL_RECONNECT_BASE_MS: '100',
        EMAIL_RECONNECT_MAX_MS: '1000',
      }),
      process.cwd(),
    );
    inbound = new SqlInboundMessageStore(db().uow, cipher, new InboundSignals());
    const store = new SqlMailboxStore(db().uow, cipher);
    integrationId = await insertEmailIntegration(db());
    await store.insert(integrationId, {
      ...mailboxSettings({ imapPort: mail.imapPort, password: mail.password }),
      imap: { ...mailboxSettings().imap, port: mail.imapPort, user: mail.user, password: mail.password },
    });
    reader = new ImapMailboxReader(
      new EmailInbox(db().uow, inbound),
      store,
      new RecordingCommandBus().asBus(),
      config,
    );
  });
  afterAll(async () => {
    await reader?.onApplicationShutdown();
    await mail?.close();
  });

  const stored = () =>
    db().q<{ id: string; provider_message_id: string }>(
      `SELECT id, provider_message_id FROM inbound_messages WHERE integration_id = $1 ORDER BY received_at, id`,
      [integrationId],
    );

  it('leaves old mail alone, then stores each new letter once with its cursor under the lease', async () => {
    await mail.deliver(letter('old-1'));
    reader.onApplicationBootstrap();
    await eventually(async () => reader.connectionsOf(integrationId) > 0, 30_000);
    await eventually(
      async () => (await new EmailInbox(db().uow, inbound).cursor(integrationId)).uidValidity !== null,
      30_000,
    );
    await mail.deliver(letter('new-1'));
    await mail.deliver(letter('new-2', [], 'x'.repeat(10)));
    const rows = await eventually(async () => {
      const r = await stored();
      return r.length >= 2 ? r : undefined;
    }, 30_000);
    expect(rows).toHaveLength(2);
    // the Message-ID is kept as a blind index, not in the clear
    expect(rows.every((r) => /^mid:[0-9a-f]{64}$/.test(r.provider_message_id))).toBe(true);
    const m = (await inbound.load(rows[0].id))!;
    expect(m).toMatchObject({ channel: 'email', sender: 'olga.new-1@example.ru' });
    expect(m.text).toContain('Хотим в Сочи');
    const [{ lease_owner }] = await db().q<{ lease_owner: string }>(
      `SELECT lease_owner FROM email_mailboxes WHERE integration_id = $1`,
      [integrationId],
    );
    expect(lease_owner).toBe(reader.owner);
  });

  it('reconnects after the server drops the connection', async () => {
    const before = reader.connectionsOf(integrationId);
    await mail.kick();
    await mail.deliver(letter('after-kick'));
    await eventually(async () => ((await stored()).length >= 3 ? true : undefined), 60_000);
    expect(reader.connectionsOf(integrationId)).toBeGreaterThan(before);
  });

  it('rescans after the server renumbers the mailbox and skips what it already has by Message-ID', async () => {
    await mail.resetUidValidity();
    await mail.kick();
    await mail.deliver(letter('after-reset'));
    await eventually(async () => ((await stored()).length >= 4 ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await stored();
    // after renumbering the reader cannot tell old UIDs from new and rescans the mailbox: the
    // letters it already has are skipped by Message-ID (the letter left alone at the start,
    // never stored, may now be taken as well)
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(rows.length);
  });

  it('stops reading a mailbox whose integration is no longer active and releases its lease', async () => {
    // a round already running (the poll timer's) when the integration is switched off: the tick
    // asked for afterwards must still see the change
    const running = reader.tick();
    await db().q(`UPDATE integration_settings SET is_active = false WHERE id = $1`, [integrationId]);
    await reader.tick();
    await running;
    expect(reader.connectionsOf(integrationId)).toBe(0);
    const [{ lease_owner }] = await db().q<{ lease_owner: string | null }>(
      `SELECT lease_owner FROM email_mailboxes WHERE integration_id = $1`,
      [integrationId],
    );
    expect(lease_owner).toBeNull();
  });

  it('backs reconnects off exponentially up to the maximum', () => {
    const d = [0, 1, 2, 3, 10].map((n) => reconnectDelay(n, 100, 1000));
    expect(d[4]).toBeLessThanOrEqual(1000 * 1.25);
    expect(d[2]).toBeGreaterThanOrEqual(d[0]);
  });

  describe('ImapSmtpMailboxCheck', () => {
    it('accepts working IMAP and SMTP logins and refuses a wrong password without echoing it', async () => {
      const sink = await startSmtpSink(mail.user, mail.password);
      try {
        const check = new ImapSmtpMailboxCheck(config);
        const good = {
          imap: { ...mailboxSettings().imap, port: mail.imapPort, user: mail.user, password: mail.password },
          smtp: { ...mailboxSettings().smtp, port: sink.port, user: mail.user, password: mail.password },
        };
        await expect(check.verify(good)).resolves.toBeUndefined();
        const err = await check
          .verify({ ...good, imap: { ...good.imap, password: 'Wrong-Pass-987' } })
          .catch((e: unknown) => e as Error);
        expect(err).toBeInstanceOf(Error);
        expect(String((err as Error).message)).not.toContain('Wrong-Pass-987');
      } finally {
        await sink.close();
      }
    });
  });

  describe('EmailChannelAdapter', () => {
    it('accepts personal mail, queues one acknowledgement for a created application and streams attachments from the stored source', async () => {
      const registry = new InboundAdapterRegistry();
      const acks = new EmailAcknowledgements(db().uow, cipher);
      const ackWorker = new EmailAckWorker(
        db().uow,
        cipher,
        new SqlMailboxStore(db().uow, cipher),
        acks,
        inbound,
        config,
      );
      const adapter = new EmailChannelAdapter(registry, acks, ackWorker);
      expect(registry.get('email')).toBe(adapter);
      const [row] = await stored();
      const message = (await inbound.load(row.id))!;
      expect(adapter.accepts(message)).toBe(true);
      const app = uuidv7();
      await db().tx(() =>
        adapter.acknowledge(message, {
          created: true,
          applicationId: app,
          applicationNumber: 'З-2026-000001',
        } as never),
      );
      await db().tx(() =>
        adapter.acknowledge(message, {
          created: false,
          applicationId: app,
          applicationNumber: 'З-2026-000001',
        } as never),
      );
      const acksQueued = await db().q(
        `SELECT application_id FROM email_acknowledgements WHERE integration_id = $1`,
        [integrationId],
      );
      expect(acksQueued).toEqual([{ application_id: app }]);
      await ackWorker.onApplicationShutdown();
      await expect(
        adapter.fetchAttachment(message, { ref: 'part:0', fileName: null, contentType: null, size: null }),
      ).rejects.toBeInstanceOf(PermanentAttachmentError);
      await expect(
        adapter.fetchAttachment(message, { ref: 'bogus', fileName: null, contentType: null, size: null }),
      ).rejects.toThrow(/source is gone|not in the message/);
    });
  });
});
