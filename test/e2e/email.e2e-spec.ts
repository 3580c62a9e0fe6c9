import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { CrmClient } from '../../client';
import { ImapMailboxReader } from '../../src/modules/integrations/email/infrastructure/imap-mailbox.reader';
import { KeyRotationService } from '../../src/shared/crypto/key-rotation.service';
import { dbRows, pgDump } from '../support/clients';
import { startDovecot, type TestMailServer } from '../support/dovecot';
import { startSmtpSink } from '../support/smtp-sink';
import { ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

const SMTP_USER = 'zayavki@agency.test';
const SMTP_PASSWORD = 'Smtp-Passw0rd-секрет';
const APP_ENV = {
  EMAIL_POLL_INTERVAL_MS: '300',
  EMAIL_LEASE_MS: '4000',
  EMAIL_RECONNECT_BASE_MS: '100',
  EMAIL_RECONNECT_MAX_MS: '1000',
};

/** A PDF as a scanner writes it (enough for the content sniffer). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let seq = 0;
const marker = () => `M${process.pid}x${(seq += 1)}`;

/** A raw message: header lines as given (Buffers: raw bytes; strings: UTF-8), a body already in its charset. */
function message(headers: Array<string | Buffer>, body: Buffer | string): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) parts.push(Buffer.isBuffer(h) ? h : Buffer.from(h, 'utf8'), Buffer.from('\r\n'));
  parts.push(
    Buffer.from('\r\n'),
    Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    Buffer.from('\r\n'),
  );
  return Buffer.concat(parts);
}

const encodedWord = (text: string, charset: string) =>
  `=?${charset}?B?${iconv.encode(text, charset).toString('base64')}?=`;

describe('e-mail intake over IMAP (e2e, Dovecot)', () => {
  let mail: TestMailServer;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let t: TestApp;
  /** Set once a test restarted the app on the same database (the first app's database to drop). */
  let firstApp: TestApp | null = null;
  let operator: CrmClient;
  let integrationId: string;

  async function addMailbox(app: TestApp) {
    const r = await app.admin.POST('/api/v1/settings/integrations/add', {
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
    return r;
  }

  const cursor = async () =>
    (
      await dbRows<{ uid_validity: string | null; last_uid: string; lease_owner: string | null }>(
        t.db.url,
        `SELECT uid_validity::text, last_uid::text, lease_owner FROM email_mailboxes WHERE integration_id = $1`,
        [integrationId],
      )
    )[0];

  /** Applications of this test, found by the marker in their subject line. */
  async function applicationsWith(mark: string) {
    const list = await operator.GET('/api/v1/applications', {
      params: { query: { source: 'email', limit: 200 } },
    });
    return list.data!.items.filter((i) => (i.text ?? '').includes(mark));
  }

  async function oneApplication(mark: string) {
    const [item] = await eventually(async () => {
      const found = await applicationsWith(mark);
      return found.length > 0 ? found : null;
    });
    const got = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: item.id } } });
    return got.data!;
  }

  /** The messages the port stored for this mailbox and what became of them. */
  const inbound = () =>
    dbRows<{ provider_message_id: string; status: string; application_id: string | null }>(
      t.db.url,
      `SELECT provider_message_id, status, application_id FROM inbound_messages WHERE integration_id = $1`,
      [integrationId],
    );

  const settled = () =>
    eventually(async () => (await inbound()).every((m) => m.status !== 'pending') || null, 20_000);

  beforeAll(async () => {
    mail = await startDovecot();
    smtp = await startSmtpSink(SMTP_USER, SMTP_PASSWORD);
    t = await startTestApp({ env: APP_ENV });
    operator = (await t.userClient('operator')).client;
    const added = await addMailbox(t);
    expect(added.response.status).toBe(201);
    integrationId = added.data!.id;
    const on = await t.admin.POST('/api/v1/settings/integrations/activate', {
      body: { id: integrationId, active: true },
    });
    expect(on.response.status).toBe(200);
    expect(on.data!.isActive).toBe(true);
    // the reader takes the lease and starts past what the mailbox already holds
    await eventually(async () => (await cursor())?.uid_validity ?? null, 20_000);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (firstApp) await firstApp.db.drop();
    await smtp?.close();
    await mail?.close();
  });

  it('turns a KOI8-R letter into an application linked by the sender and acknowledges it once with the number', async () => {
    const mark = marker();
    const from = `olga.${mark.toLowerCase()}@example.ru`;
    await mail.deliver(
      message(
        [
          `From: ${encodedWord('Ольга Иванова', 'koi8-r')} <${from}>`,
          'To: zayavki@agency.test',
          `Subject: ${encodedWord(`Тур в Сочи ${mark}`, 'koi8-r')}`,
          `Message-ID: <${mark}.koi8@example.ru>`,
          'Date: Tue, 01 Dec 2026 10:00:00 +0300',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=koi8-r',
          'Content-Transfer-Encoding: 8bit',
        ],
        iconv.encode('Здравствуйте! Хотим в Сочи на неделю в июле, двое взрослых.', 'koi8-r'),
      ),
    );
    const app = await oneApplication(mark);
    expect(app.source).toBe('email');
    expect(app.text).toContain(`Тема: Тур в Сочи ${mark}`);
    expect(app.text).toContain('Хотим в Сочи на неделю в июле');
    expect(app.contact.name).toBe('Ольга Иванова');
    expect(app.contact.email).toBe(from);
    expect(app.number).toMatch(/^З-\d{4}-\d{6}$/);

    const ack = await eventually(async () => smtp.mails.find((m) => m.envelopeTo.includes(from)));
    expect(ack.user).toBe(SMTP_USER);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.inReplyTo).toBe(`<${mark}.koi8@example.ru>`);
    expect(ack.parsed.subject).toContain(app.number);
    expect(ack.parsed.text).toContain(app.number);
    expect(ack.parsed.text).not.toContain(app.id);
    const replyTo = ack.parsed.replyTo!.value[0].address!;
    expect(replyTo).toMatch(/^zayavki\+[a-z2-9]{10}@agency\.test$/);

    // a second request from the same sender the same day: a new application, no second acknowledgement
    const again = marker();
    await mail.deliver(
      message(
        [
          `From: <${from}>`,
          'To: zayavki@agency.test',
          `Subject: ${encodedWord(`Ещё вопрос ${again}`, 'koi8-r')}`,
          `Message-ID: <${again}@example.ru>`,
          'Content-Type: text/plain; charset=koi8-r',
        ],
        iconv.encode('И ещё: нужна виза?', 'koi8-r'),
      ),
    );
    const second = await oneApplication(again);
    expect(second.id).not.toBe(app.id);
    await settled();
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.mails.filter((m) => m.envelopeTo.includes(from))).toHaveLength(1);
  });

  it('stores a windows-1251 letter with its PDF attachment (type sniffed) and names a file it does not keep', async () => {
    const mark = marker();
    const boundary = `b-${mark}`;
    const fileName = encodedWord('Паспорт Иванова.pdf', 'windows-1251');
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      iconv.encode('Добрый день! Скан паспорта во вложении.', 'win1251'),
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: application/octet-stream; name="${fileName}"\r\n` +
          `Content-Disposition: attachment; filename="${fileName}"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
          `${PDF.toString('base64')}\r\n` +
          `--${boundary}\r\nContent-Type: application/x-msdownload; name="setup.exe"\r\n` +
          `Content-Disposition: attachment; filename="setup.exe"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
          `${Buffer.from('MZ\x90\x00 not a document').toString('base64')}\r\n--${boundary}--`,
      ),
    ]);
    await mail.deliver(
      message(
        [
          `From: ${encodedWord('Пётр Сидоров', 'windows-1251')} <petr.${mark.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          `Subject: ${encodedWord(`Документы ${mark}`, 'windows-1251')}`,
          `Message-ID: <${mark}.1251@example.ru>`,
          'MIME-Version: 1.0',
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
        ],
        body,
      ),
    );
    const app = await oneApplication(mark);
    expect(app.text).toContain('Скан паспорта во вложении');
    expect(app.contact.name).toBe('Пётр Сидоров');
    const withFile = await eventually(async () => {
      const got = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: app.id } } });
      return got.data!.attachments.length > 0 ? got.data! : null;
    }, 20_000);
    expect(withFile.attachments).toEqual([
      expect.objectContaining({
        fileName: 'Паспорт Иванова.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
      }),
    ]);
    // the .exe was refused by type (parked, not retried) and is not attached
    const jobs = await eventually(async () => {
      const rows = await dbRows<{ status: string; sha256: string | null }>(
        t.db.url,
        `SELECT a.status, a.sha256 FROM inbound_attachments a WHERE a.application_id = $1 ORDER BY a.idx`,
        [app.id],
      );
      return rows.length === 2 && rows.every((r) => r.status !== 'pending') ? rows : null;
    }, 20_000);
    expect(jobs.map((j) => j.status)).toEqual(['done', 'failed']);
    expect(jobs[0].sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
  });

  it('decodes a raw 8-bit Cyrillic subject and sender name with the declared charset, else as windows-1251', async () => {
    const declared = marker();
    await mail.deliver(
      message(
        [
          Buffer.concat([
            Buffer.from('From: '),
            iconv.encode('Анна Кузнецова', 'koi8-r'),
            Buffer.from(` <anna.${declared.toLowerCase()}@example.ru>`),
          ]),
          'To: zayavki@agency.test',
          Buffer.concat([Buffer.from('Subject: '), iconv.encode(`Горящий тур ${declared}`, 'koi8-r')]),
          `Message-ID: <${declared}.raw@example.ru>`,
          'Content-Type: text/plain; charset=koi8-r',
          'Content-Transfer-Encoding: 8bit',
        ],
        iconv.encode('Есть что-нибудь на выходные?', 'koi8-r'),
      ),
    );
    const a = await oneApplication(declared);
    expect(a.text).toContain(`Тема: Горящий тур ${declared}`);
    expect(a.contact.name).toBe('Анна Кузнецова');

    const undeclared = marker();
    await mail.deliver(
      message(
        [
          `From: <ivan.${undeclared.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          Buffer.concat([Buffer.from('Subject: '), iconv.encode(`Вопрос по визе ${undeclared}`, 'win1251')]),
          `Message-ID: <${undeclared}.raw@example.ru>`,
        ],
        'Need a visa?',
      ),
    );
    const b = await oneApplication(undeclared);
    expect(b.text).toContain(`Тема: Вопрос по визе ${undeclared}`);
  });

  it('attaches a reply to its application by In-Reply-To, by References and by the plus-address token', async () => {
    const mark = marker();
    const from = `maria.${mark.toLowerCase()}@example.ru`;
    await mail.deliver(
      message(
        [
          `From: <${from}>`,
          'To: zayavki@agency.test',
          `Subject: ${encodedWord(`Италия ${mark}`, 'utf-8')}`,
          `Message-ID: <${mark}.first@example.ru>`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        Buffer.from('Хотим в Рим в мае.', 'utf8'),
      ),
    );
    const app = await oneApplication(mark);
    const ack = await eventually(async () => smtp.mails.find((m) => m.envelopeTo.includes(from)));
    const replyTo = ack.parsed.replyTo!.value[0].address!;

    // the customer answers the acknowledgement (In-Reply-To: its Message-ID)
    await mail.deliver(
      message(
        [
          `From: <${from}>`,
          'To: zayavki@agency.test',
          `Subject: Re: ${mark}`,
          `Message-ID: <${mark}.reply1@example.ru>`,
          `In-Reply-To: ${ack.parsed.messageId}`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        Buffer.from('Уточнение: нас будет трое.', 'utf8'),
      ),
    );
    // a later message quoting only the first one in References
    await mail.deliver(
      message(
        [
          `From: <${from}>`,
          'To: zayavki@agency.test',
          `Subject: Fwd: ${mark}`,
          `Message-ID: <${mark}.reply2@example.ru>`,
          `References: <unknown.${mark}@elsewhere.ru> <${mark}.first@example.ru>`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        Buffer.from('И ещё: бюджет 300 тысяч.', 'utf8'),
      ),
    );
    // a new letter to the plus address (no reply headers at all)
    await mail.deliver(
      message(
        [
          `From: <${from}>`,
          `To: ${replyTo}`,
          'Subject: billets',
          `Message-ID: <${mark}.token@example.ru>`,
          'Content-Type: text/plain; charset=utf-8',
        ],
        Buffer.from('Вылет из Казани.', 'utf8'),
      ),
      replyTo,
    );
    const full = await eventually(async () => {
      const got = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: app.id } } });
      return (got.data!.text ?? '').includes('Вылет из Казани') ? got.data! : null;
    }, 20_000);
    expect(full.text).toContain('нас будет трое');
    expect(full.text).toContain('бюджет 300 тысяч');
    await settled();
    expect(await applicationsWith(mark)).toHaveLength(1);
    // the replies are not acknowledged again
    expect(smtp.mails.filter((m) => m.envelopeTo.includes(from))).toHaveLength(1);
  });

  it('never turns auto-replies, list mail or bounces into applications and never answers them', async () => {
    const marks = { auto: marker(), ooo: marker(), list: marker(), bounce: marker() };
    const sent = smtp.mails.length;
    await mail.deliver(
      message(
        [
          `From: <robot.${marks.auto.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          `Subject: Автоответ ${marks.auto}`,
          `Message-ID: <${marks.auto}@example.ru>`,
          'Auto-Submitted: auto-replied',
          'Content-Type: text/plain; charset=utf-8',
        ],
        Buffer.from('Я в отпуске до понедельника.', 'utf8'),
      ),
    );
    await mail.deliver(
      message(
        [
          `From: <boss.${marks.ooo.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          `Subject: Out of office ${marks.ooo}`,
          `Message-ID: <${marks.ooo}@example.ru>`,
          'Precedence: bulk',
        ],
        'Out of office',
      ),
    );
    await mail.deliver(
      message(
        [
          `From: <news@shop.example.ru>`,
          'To: zayavki@agency.test',
          `Subject: Скидки ${marks.list}`,
          `Message-ID: <${marks.list}@shop.example.ru>`,
          'List-Unsubscribe: <mailto:unsubscribe@shop.example.ru>',
          'List-Id: <deals.shop.example.ru>',
        ],
        'Sale',
      ),
    );
    const boundary = `r-${marks.bounce}`;
    await mail.deliver(
      message(
        [
          'From: Mail Delivery System <mailer-daemon@mx.example.ru>',
          'To: zayavki@agency.test',
          `Subject: Undelivered Mail Returned to Sender ${marks.bounce}`,
          `Message-ID: <${marks.bounce}@mx.example.ru>`,
          'MIME-Version: 1.0',
          `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        ],
        `--${boundary}\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n` +
          `--${boundary}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.ru\r\n\r\n` +
          `Final-Recipient: rfc822; nobody@example.ru\r\nAction: failed\r\nStatus: 5.1.1\r\n--${boundary}--`,
      ),
      undefined,
      '',
    );
    const rows = await eventually(async () => {
      const r = await inbound();
      const ignored = r.filter((m) => m.status === 'done' && m.application_id === null);
      return ignored.length >= 4 ? ignored : null;
    }, 20_000);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const m of Object.values(marks)) expect(await applicationsWith(m)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      smtp.mails
        .slice(sent)
        .map((m) => m.envelopeTo)
        .flat(),
    ).toEqual([]);
  });

  it('rescans after a UIDVALIDITY change without duplicating anything, and takes new mail once', async () => {
    const mark = marker();
    await mail.deliver(
      message(
        [
          `From: <uv.${mark.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          `Subject: До ${mark}`,
          `Message-ID: <${mark}.before@example.ru>`,
        ],
        'before',
      ),
    );
    await oneApplication(`До ${mark}`);
    await settled();
    const before = (await inbound()).length;
    const oldValidity = Number((await cursor()).uid_validity);
    const newValidity = await mail.resetUidValidity();
    expect(newValidity).not.toBe(oldValidity);
    // the open connection sees the new UIDVALIDITY on its next SELECT: drop it so it reconnects
    await mail.kick();
    await eventually(async () => Number((await cursor()).uid_validity) === newValidity || null, 20_000);
    expect(t.logs.some((l) => /UIDVALIDITY changed/.test(String(l.message)))).toBe(true);
    await mail.deliver(
      message(
        [
          `From: <uv.${mark.toLowerCase()}@example.ru>`,
          'To: zayavki@agency.test',
          `Subject: После ${mark}`,
          `Message-ID: <${mark}.after@example.ru>`,
        ],
        'after',
      ),
    );
    await oneApplication(`После ${mark}`);
    await settled();
    const rows = await inbound();
    expect(rows).toHaveLength(before + 1);
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(rows.length);
    expect(await applicationsWith(`До ${mark}`)).toHaveLength(1);
    expect(await applicationsWith(`После ${mark}`)).toHaveLength(1);
  });

  it('reconnects after the IMAP connection is killed and catches up on mail delivered meanwhile', async () => {
    const reader = t.app.get(ImapMailboxReader);
    const connections = reader.connectionsOf(integrationId);
    expect(connections).toBeGreaterThan(0);
    await mail.kick();
    const marks = [marker(), marker()];
    for (const m of marks)
      await mail.deliver(
        message(
          [
            `From: <kick.${m.toLowerCase()}@example.ru>`,
            'To: zayavki@agency.test',
            `Subject: ${m}`,
            `Message-ID: <${m}@example.ru>`,
          ],
          'after the drop',
        ),
      );
    await eventually(async () => reader.connectionsOf(integrationId) > connections || null, 20_000);
    for (const m of marks) expect((await oneApplication(m)).text).toContain('after the drop');
  });

  it('reads a mailbox from one replica at a time when a second replica runs on the same database', async () => {
    const second = await startTestApp({ env: APP_ENV, db: t.db });
    try {
      const marks = [marker(), marker(), marker()];
      const before = (await inbound()).length;
      // the second replica has had several rounds to try for the lease by the time these are in
      for (const m of marks)
        await mail.deliver(
          message(
            [
              `From: <two.${m.toLowerCase()}@example.ru>`,
              'To: zayavki@agency.test',
              `Subject: ${m}`,
              `Message-ID: <${m}@example.ru>`,
            ],
            'two replicas',
          ),
        );
      for (const m of marks) expect((await oneApplication(m)).text).toContain('two replicas');
      await settled();
      expect(await inbound()).toHaveLength(before + marks.length);
      for (const m of marks) expect(await applicationsWith(m)).toHaveLength(1);
      expect(t.app.get(ImapMailboxReader).connectionsOf(integrationId)).toBeGreaterThan(0);
      expect(second.app.get(ImapMailboxReader).connectionsOf(integrationId)).toBe(0);
      expect((await cursor()).lease_owner).toBe(t.app.get(ImapMailboxReader).owner);
    } finally {
      await second.close();
    }
  });

  it('loses nothing and duplicates nothing when the replica stops mid-batch and another takes over', async () => {
    const marks = Array.from({ length: 6 }, () => marker());
    const before = (await inbound()).length;
    for (const m of marks)
      await mail.deliver(
        message(
          [
            `From: <batch.${m.toLowerCase()}@example.ru>`,
            'To: zayavki@agency.test',
            `Subject: ${m}`,
            `Message-ID: <${m}@example.ru>`,
          ],
          'batch',
        ),
      );
    // stop as soon as the first of them is stored (the rest are still in the mailbox)
    await eventually(async () => (await inbound()).length > before || null, 20_000);
    firstApp = t;
    await t.app.close();
    t = await startTestApp({ env: APP_ENV, db: firstApp.db });
    operator = (await t.userClient('operator')).client;
    // the lease of the stopped replica was released on shutdown: the new one takes over at once
    await eventually(async () => (await inbound()).length === before + marks.length || null, 30_000);
    const rows = await inbound();
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(rows.length);
    for (const m of marks) expect((await oneApplication(m)).text).toContain('batch');
    await settled();
    for (const m of marks) expect(await applicationsWith(m)).toHaveLength(1);
  });

  it('keeps both passwords out of responses, logs, the audit trail and pg_dump', async () => {
    const list = await t.admin.GET('/api/v1/settings/integrations/list', { params: { query: {} } });
    const item = list.data!.items.find((i) => i.id === integrationId)!;
    expect(item.type).toBe('email');
    expect(item.webhookUrl).toBeNull();
    const everything =
      JSON.stringify(list.data) + JSON.stringify(t.logs) + JSON.stringify(firstApp?.logs ?? []);
    const audit = await t.admin.GET('/api/v1/audit', {
      params: { query: { entity: 'integration', limit: 100 } },
    });
    expect(audit.data!.items.length).toBeGreaterThan(0);
    const dump = pgDump(t.db.url);
    // both passwords are in key rotation (npm run keys:rotate)
    const sealed = t.app
      .get(KeyRotationService)
      .columns()
      .map((c) => `${c.table}.${c.column}`);
    expect(sealed).toEqual(
      expect.arrayContaining([
        'email_mailboxes.imap_password_encrypted',
        'email_mailboxes.smtp_password_encrypted',
        'email_acknowledgements.recipient_encrypted',
      ]),
    );
    for (const secret of [mail.password, SMTP_PASSWORD]) {
      expect(everything).not.toContain(secret);
      expect(JSON.stringify(audit.data)).not.toContain(secret);
      expect(dump).not.toContain(secret);
    }
    // and a wrong IMAP password is refused at activation with the reason, still without the password
    const bad = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'email',
        purpose: 'sales',
        botName: 'wrong@agency.test',
        imap: {
          host: mail.host,
          port: mail.imapPort,
          secure: false,
          user: mail.user,
          password: 'Wrong-пароль-1',
        },
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          user: SMTP_USER,
          password: SMTP_PASSWORD,
          from: 'zayavki@agency.test',
        },
        adminPassword: ADMIN_PASSWORD,
      },
    });
    expect(bad.response.status).toBe(201);
    const refused = await t.admin.POST('/api/v1/settings/integrations/activate', {
      body: { id: bad.data!.id, active: true },
    });
    expect(refused.response.status).toBe(409);
    expect(JSON.stringify(refused.error)).toMatch(/IMAP/);
    expect(JSON.stringify(refused.error)).not.toContain('Wrong-пароль-1');
  });

  it('refuses an e-mail integration with bad settings naming each field (422) and without the admin password (403)', async () => {
    const bad = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'email',
        purpose: 'sales',
        botName: 'zayavki@agency.test',
        imap: { host: 'imap yandex', port: 70000, secure: true, user: 'x', password: 'p' },
        smtp: {
          host: 'smtp.yandex.ru',
          port: 465,
          secure: true,
          user: 'x',
          password: 'p',
          from: 'not an address',
        },
        adminPassword: ADMIN_PASSWORD,
      },
    });
    expect(bad.response.status).toBe(422);
    const fields = (bad.error as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['imap.port']));
    const missing = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'email',
        purpose: 'sales',
        botName: 'zayavki@agency.test',
        adminPassword: ADMIN_PASSWORD,
      },
    });
    expect(missing.response.status).toBe(422);
    const noPassword = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'email',
        purpose: 'sales',
        botName: 'zayavki@agency.test',
        imap: { host: 'imap.yandex.ru', port: 993, secure: true, user: 'x', password: 'p' },
        smtp: {
          host: 'smtp.yandex.ru',
          port: 465,
          secure: true,
          user: 'x',
          password: 'p',
          from: 'x@agency.ru',
        },
      },
    });
    expect(noPassword.response.status).toBe(403);
  });
});
