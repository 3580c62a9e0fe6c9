import { ImapFlow } from 'imapflow';
import { ImapMailboxReader } from '../../src/modules/integrations/email/infrastructure/imap-mailbox.reader';
import { dbRows } from '../support/clients';
import { startDovecot, type TestMailServer } from '../support/dovecot';
import { startSmtpSink } from '../support/smtp-sink';
import { ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

const SMTP_USER = 'zayavki@agency.test';
const SMTP_PASSWORD = 'Smtp-Passw0rd-секрет';

/** A real Dovecot configured without IDLE: the reader has to notice new mail by polling. */
describe('e-mail intake from an IMAP server without IDLE (e2e, Dovecot)', () => {
  let mail: TestMailServer;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let t: TestApp;
  let integrationId: string;

  beforeAll(async () => {
    mail = await startDovecot({ idle: false });
    smtp = await startSmtpSink(SMTP_USER, SMTP_PASSWORD);
    t = await startTestApp({
      env: {
        EMAIL_POLL_INTERVAL_MS: '400',
        EMAIL_LEASE_MS: '4000',
        EMAIL_RECONNECT_BASE_MS: '100',
        EMAIL_RECONNECT_MAX_MS: '1000',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await mail?.close();
  });

  it('the server really has no IDLE', async () => {
    const probe = new ImapFlow({
      host: mail.host,
      port: mail.imapPort,
      secure: false,
      auth: { user: mail.user, pass: mail.password },
      logger: false,
    });
    await probe.connect();
    try {
      expect(probe.capabilities.has('IMAP4rev1')).toBe(true);
      expect(probe.capabilities.has('IDLE')).toBe(false);
    } finally {
      await probe.logout();
    }
  });

  it('picks new mail up by polling on the open connection (no reconnect needed)', async () => {
    const added = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'email',
        purpose: 'sales',
        botName: 'zayavki@agency.test',
        imap: {
          host: mail.host,
          port: mail.imapPort,
          secure: false,
          user: mail.user,
          password: mail.password,
          mailbox: 'INBOX',
        },
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          user: SMTP_USER,
          password: SMTP_PASSWORD,
          from: 'Агентство «Тест» <zayavki@agency.test>',
        },
        adminPassword: ADMIN_PASSWORD,
      },
    });
    expect(added.response.status).toBe(201);
    integrationId = added.data!.id;
    const on = await t.admin.POST('/api/v1/settings/integrations/activate', {
      body: { id: integrationId, active: true },
    });
    expect(on.data!.isActive).toBe(true);
    // connected and the cursor set past what the mailbox held
    await eventually(
      async () =>
        (
          await dbRows<{ uid_validity: string | null }>(
            t.db.url,
            `SELECT uid_validity::text FROM email_mailboxes WHERE integration_id = $1`,
            [integrationId],
          )
        )[0]?.uid_validity ?? null,
      20_000,
    );
    const reader = t.app.get(ImapMailboxReader);
    const connections = reader.connectionsOf(integrationId);
    expect(connections).toBe(1);

    const operator = (await t.userClient('operator')).client;
    for (const [i, subject] of ['Тур в Калининград', 'Круиз по Волге'].entries()) {
      const mark = `NOIDLE${process.pid}x${i}`;
      await mail.deliver(
        [
          `From: Ирина <irina.${mark.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          `Subject: ${subject} ${mark}`,
          `Message-ID: <${mark}@example.ru>`,
          'Date: Tue, 01 Dec 2026 10:00:00 +0300',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          'Здравствуйте! Хотим поехать вдвоём в июне.',
          '',
        ].join('\r\n'),
      );
      const found = await eventually(async () => {
        const list = await operator.GET('/api/v1/applications', {
          params: { query: { source: 'email', limit: 200 } },
        });
        return list.data!.items.find((a) => (a.text ?? '').includes(mark));
      }, 20_000);
      expect(found.text).toContain(subject);
    }
    // both arrived while the one connection stayed open: polling, not a reconnect, found them
    expect(reader.connectionsOf(integrationId)).toBe(connections);
    const stored = await dbRows(t.db.url, `SELECT status FROM inbound_messages WHERE integration_id = $1`, [
      integrationId,
    ]);
    expect(stored).toHaveLength(2);
  });
});
