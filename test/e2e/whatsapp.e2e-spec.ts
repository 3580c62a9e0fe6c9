import { createHash, randomBytes } from 'node:crypto';
import type { CrmClient } from '../../client';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { InboundMessageWorker } from '../../src/modules/integrations/infrastructure/inbound-message.worker';
import { busyEventLoop } from '../support/busy-loop';
import { dbRows, pgDump } from '../support/clients';
import { FakeGraph, metaJson, metaMessagesDelivery, metaSignature } from '../support/fake-graph';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { addWhatsAppNumber, type WhatsAppNumber } from '../support/whatsapp';

const PUBLIC_BASE_URL = 'https://crm.agency.test';

/** A minimal one-page PDF (the applications module sniffs the type from the bytes). */
function pdfBytes(): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n` +
      `% ${randomBytes(16).toString('hex')}\n`,
  );
}

describe('WhatsApp Business Cloud API (e2e)', () => {
  let graph: FakeGraph;
  let t: TestApp;
  let operator: CrmClient;
  let waSeq = 79_160_000_000 + Math.floor(Math.random() * 1_000_000);
  let msgSeq = 1;

  beforeAll(async () => {
    graph = await new FakeGraph().start();
    t = await startTestApp({
      env: { WHATSAPP_GRAPH_API_ROOT: graph.url, WHATSAPP_GRAPH_API_VERSION: graph.version, PUBLIC_BASE_URL },
    });
    operator = (await t.userClient('operator')).client;
  });
  afterAll(async () => {
    await t.close();
    await graph.stop();
  });

  type Number = WhatsAppNumber;

  const addNumber = (extra: Record<string, unknown> = {}): Promise<Number> =>
    addWhatsAppNumber(t, graph, extra);

  const hookUrl = (n: { id: string }) => `${t.baseUrl}/api/v1/integrations/whatsapp/${n.id}/webhook`;

  function post(n: Number, raw: string, signature: string | null = metaSignature(raw, n.appSecret)) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return fetch(hookUrl(n), { method: 'POST', headers, body: raw });
  }

  interface Msg {
    from: string;
    id?: string;
    type?: string;
    timestamp?: number;
    [k: string]: unknown;
  }

  function delivery(n: Number, messages: Msg[], name = 'Ольга Петрова', statuses: unknown[] = []) {
    return metaMessagesDelivery(
      n.phoneNumberId,
      messages.map((m) => ({
        id: `wamid.IN${msgSeq++}${randomBytes(4).toString('hex')}`,
        type: 'text',
        ...m,
        timestamp: String(Math.floor((m.timestamp ?? Date.now()) / 1000)),
      })),
      name,
      statuses,
    );
  }

  const textMsg = (from: string, body: string, extra: Partial<Msg> = {}): Msg => ({
    from,
    type: 'text',
    text: { body },
    ...extra,
  });
  const consentYes = (from: string): Msg => ({
    from,
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id: 'consent:yes', title: 'Согласен' } },
  });

  const sentTo = (n: Number, wa: string) => graph.sent(n.phoneNumberId).filter((b) => b.to === wa);

  async function send(n: Number, messages: Msg[], name?: string) {
    const r = await post(n, metaJson(delivery(n, messages, name)));
    expect(r.status).toBe(200);
  }

  /** A customer who wrote, was asked, and consented: their first message becomes an application. */
  async function consentedCustomer(n: Number, first = 'Здравствуйте') {
    const wa = String((waSeq += 1));
    await send(n, [textMsg(wa, first)]);
    const ask = await eventually(async () => sentTo(n, wa).find((b) => b.type === 'interactive'));
    expect(JSON.stringify(ask)).toContain('consent:yes');
    await send(n, [consentYes(wa)]);
    return wa;
  }

  async function applicationOf(n: Number, wa: string) {
    const reply = await eventually(async () =>
      sentTo(n, wa).find((b) => /Заявка № З-\d{4}-\d{6}/.test(JSON.stringify(b))),
    );
    const number = /З-\d{4}-\d{6}/.exec(JSON.stringify(reply))![0];
    const list = await operator.GET('/api/v1/applications', { params: { query: { number } } });
    const got = await operator.GET('/api/v1/applications/{id}', {
      params: { path: { id: list.data!.items[0].id } },
    });
    return { ...got.data!, reply };
  }

  it('answers the hub handshake with the challenge for the right verify token, 403 otherwise', async () => {
    const n = await addNumber();
    const ok = await fetch(
      `${hookUrl(n)}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(n.verifyToken)}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${hookUrl(n)}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(wrong.status).toBe(403);
    const mode = await fetch(
      `${hookUrl(n)}?hub.mode=unsubscribe&hub.verify_token=${encodeURIComponent(n.verifyToken)}&hub.challenge=1`,
    );
    expect(mode.status).toBe(403);
  });

  it('rejects unsigned, wrongly signed and re-serialised bodies with 401 and stores nothing', async () => {
    const n = await addNumber();
    const wa = String((waSeq += 1));
    const body = delivery(n, [textMsg(wa, 'Хочу в Сочи 🌴')]);
    const raw = metaJson(body);
    expect((await post(n, raw, null)).status).toBe(401);
    expect((await post(n, raw, metaSignature(raw, 'another-secret'))).status).toBe(401);
    // what a server that parsed and re-serialised the body would check: Meta signed the \u escapes
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    expect((await post(n, raw, metaSignature(reserialised, n.appSecret))).status).toBe(401);
    const problem = await post(n, raw, 'sha256=00');
    expect(problem.headers.get('content-type')).toContain('application/problem+json');
    const rows = await dbRows(t.db.url, `SELECT 1 FROM inbound_messages WHERE integration_id = $1`, [n.id]);
    expect(rows).toHaveLength(0);
  });

  it('holds the first message until consent, then makes it an application with Cyrillic and emoji intact, numbered in the reply', async () => {
    const n = await addNumber();
    const text = 'Хотим в Стамбул 🇹🇷 на майские, 2 взрослых';
    const wa = await consentedCustomer(n, text);
    const app = await applicationOf(n, wa);
    expect(app).toMatchObject({ source: 'whatsapp', text, status: 'new' });
    expect(app.contact).toMatchObject({ name: 'Ольга Петрова', phone: `+${wa}` });
    expect(app.consent).toMatchObject({ channel: 'whatsapp' });
    expect(app.number).toMatch(/^З-\d{4}-\d{6}$/);
    expect(JSON.stringify(app.reply)).not.toContain(app.id);
    // the reply went as free text (inside the 24-hour window)
    expect(app.reply.type).toBe('text');
  });

  it('destroys the held message when the customer refuses consent', async () => {
    const n = await addNumber();
    const wa = String((waSeq += 1));
    await send(n, [textMsg(wa, 'Паспорт 4510 123456, хочу тур')]);
    await eventually(async () => sentTo(n, wa).find((b) => b.type === 'interactive'));
    const held = await dbRows(t.db.url, `SELECT status FROM inbound_messages WHERE integration_id = $1`, [
      n.id,
    ]);
    expect(held).toEqual([{ status: 'held' }]);
    await send(n, [
      {
        from: wa,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'consent:no', title: 'Не согласен' } },
      },
    ]);
    await eventually(async () => sentTo(n, wa).find((b) => /удалено/.test(JSON.stringify(b))));
    const left = await dbRows(
      t.db.url,
      `SELECT status FROM inbound_messages WHERE integration_id = $1 AND status = 'held'`,
      [n.id],
    );
    expect(left).toHaveLength(0);
    const apps = await operator.GET('/api/v1/applications', {
      params: { query: { source: 'whatsapp', limit: 200 } },
    });
    expect(JSON.stringify(apps.data)).not.toContain('4510');
  });

  it('destroys a held message after 24 hours without consent (the sweep job), keeps a younger one', async () => {
    const n = await addNumber();
    const silent = String((waSeq += 1));
    const late = String((waSeq += 1));
    const oldId = `wamid.SILENT${randomBytes(6).toString('hex')}`;
    await send(n, [textMsg(silent, 'Молчун: хочу в Анталью', { id: oldId })]);
    await send(n, [textMsg(late, 'Хочу в Казань на выходные')]);
    await eventually(async () => sentTo(n, silent).find((b) => b.type === 'interactive'));
    await eventually(async () => sentTo(n, late).find((b) => b.type === 'interactive'));
    await eventually(async () => {
      const held = await dbRows(
        t.db.url,
        `SELECT 1 FROM inbound_messages WHERE integration_id = $1 AND status = 'held'`,
        [n.id],
      );
      return held.length === 2;
    });
    const sweeper = t.app.get(InboundMessageWorker);
    // 23 hours 59 minutes later: nothing is due yet
    await dbRows(
      t.db.url,
      `UPDATE inbound_messages SET received_at = received_at - interval '23 hours 59 minutes',
              hold_until = hold_until - interval '23 hours 59 minutes'
        WHERE integration_id = $1 AND provider_message_id = $2`,
      [n.id, oldId],
    );
    expect(await sweeper.sweepExpiredHolds()).toBe(0);
    // two more minutes: the silent customer's 24 hours are over
    await dbRows(
      t.db.url,
      `UPDATE inbound_messages SET received_at = received_at - interval '2 minutes',
              hold_until = hold_until - interval '2 minutes'
        WHERE integration_id = $1 AND provider_message_id = $2`,
      [n.id, oldId],
    );
    expect(await sweeper.sweepExpiredHolds()).toBe(1);
    const left = await dbRows(
      t.db.url,
      `SELECT provider_message_id, status FROM inbound_messages WHERE integration_id = $1 ORDER BY received_at`,
      [n.id],
    );
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ status: 'held' });
    expect(left[0].provider_message_id).not.toBe(oldId);
    // the younger one still becomes an application on consent; the destroyed text never does
    await send(n, [consentYes(late)]);
    const app = await applicationOf(n, late);
    expect(JSON.stringify(app)).toContain('Казань');
    await send(n, [consentYes(silent)]);
    await eventually(async () => {
      const pending = await dbRows(
        t.db.url,
        `SELECT 1 FROM inbound_messages WHERE integration_id = $1 AND status = 'pending'`,
        [n.id],
      );
      return pending.length === 0;
    });
    const apps = await operator.GET('/api/v1/applications', {
      params: { query: { source: 'whatsapp', limit: 200 } },
    });
    expect(JSON.stringify(apps.data)).not.toContain('Анталью');
    expect(await sweeper.sweepExpiredHolds()).toBe(0);
  });

  it('makes one application of a duplicate delivery, and joins a batched second message to it', async () => {
    const n = await addNumber();
    const wa = await consentedCustomer(n);
    const first = await applicationOf(n, wa);
    const dup = delivery(n, [
      textMsg(wa, 'Бюджет 200 000 ₽', { id: `wamid.DUP${randomBytes(4).toString('hex')}` }),
    ]);
    const raw = metaJson(dup);
    expect((await post(n, raw)).status).toBe(200);
    expect((await post(n, raw)).status).toBe(200);
    const joined = await eventually(async () => {
      const r = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: first.id } } });
      return r.data!.text?.includes('Бюджет') ? r.data! : null;
    });
    expect(joined.text!.match(/Бюджет/g)).toHaveLength(1);
    const rows = await dbRows(t.db.url, `SELECT 1 FROM inbound_messages WHERE provider_message_id = $1`, [
      (dup.entry[0].changes[0].value.messages[0] as { id: string }).id,
    ]);
    expect(rows).toHaveLength(1);
    const list = await operator.GET('/api/v1/applications', {
      params: { query: { source: 'whatsapp', limit: 200 } },
    });
    expect(
      list.data!.items.filter((a) => a.contact.name === 'Ольга Петрова' && a.id === first.id),
    ).toHaveLength(1);
  });

  it('acknowledges a flood of deliveries first and processes it in the room left (foreground first)', async () => {
    const n = await addNumber();
    const wa = await consentedCustomer(n);
    await applicationOf(n, wa);
    const deferred = async () =>
      Number(
        /^background_rounds_deferred_total (\d+)/m.exec(
          await (await fetch(`${t.baseUrl}/metrics`)).text(),
        )![1],
      );
    const deferredBefore = await deferred();
    // the flood: a delivery every 10 ms while this process (the app's) is busy 8 ms of every 10
    const stopBurning = busyEventLoop(8);
    const acks: Array<Promise<Response>> = [];
    const ids: string[] = [];
    try {
      const until = performance.now() + 1500;
      while (performance.now() < until) {
        const body = delivery(n, [textMsg(wa, `Ещё вопрос ${ids.length + 1}`)]);
        ids.push((body.entry[0].changes[0].value.messages[0] as { id: string }).id);
        acks.push(post(n, metaJson(body)));
        await new Promise((r) => setTimeout(r, 10));
      }
      expect((await Promise.all(acks)).map((r) => r.status)).toEqual(ids.map(() => 200));
    } finally {
      stopBurning();
    }
    const status = async () =>
      (
        await dbRows<{ status: string }>(
          t.db.url,
          `SELECT status FROM inbound_messages WHERE provider_message_id = ANY($1)`,
          [ids],
        )
      ).map((r) => r.status);
    // every delivery is stored; while the flood lasted, the worker held its rounds back
    const atFloodEnd = await status();
    expect(atFloodEnd).toHaveLength(ids.length);
    expect(atFloodEnd.filter((s) => s === 'done').length).toBeLessThan(ids.length / 2);
    expect(await deferred()).toBeGreaterThan(deferredBefore);
    // and once it is over, every message is processed
    await eventually(async () => (await status()).every((s) => s === 'done'), 30_000);
  });

  it('stores a document in object storage with its sha256, fetching an expired media URL again', async () => {
    const n = await addNumber();
    const wa = await consentedCustomer(n);
    const bytes = pdfBytes();
    const media = graph.addMedia(bytes, 'application/pdf', true);
    await send(n, [
      {
        from: wa,
        type: 'document',
        document: {
          id: media.mediaId,
          filename: 'паспорт.pdf',
          mime_type: 'application/pdf',
          sha256: media.sha256,
          caption: 'Скан паспорта',
        },
      },
    ]);
    const app = await applicationOf(n, wa);
    const job = await eventually(async () => {
      const [r] = await dbRows<{ status: string; sha256: string; attempts: number }>(
        t.db.url,
        `SELECT status, sha256, attempts FROM inbound_attachments WHERE application_id = $1`,
        [app.id],
      );
      return r?.status === 'done' ? r : null;
    }, 20_000);
    expect(job.attempts).toBe(2);
    expect(graph.urlsOf(media.mediaId)).toBe(2);
    expect(job.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const [row] = await dbRows<{ attachments: Array<{ key: string; contentType: string }> }>(
      t.db.url,
      `SELECT attachments FROM applications WHERE id = $1`,
      [app.id],
    );
    expect(row.attachments[0].contentType).toBe('application/pdf');
    const stored = await t.app.get<ObjectStorage>(OBJECT_STORAGE).getBuffer(row.attachments[0].key);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(job.sha256);
    // both Graph API requests carried the bearer token
    expect(
      graph.calls.filter((c) => c.path.includes(media.mediaId)).every((c) => c.token === n.accessToken),
    ).toBe(true);
  });

  it('sends the reply as the approved template when the customer wrote more than 24 hours ago', async () => {
    const n = await addNumber({ templateName: 'application_received', templateLanguage: 'ru' });
    const wa = String((waSeq += 1));
    const dayAgo = Date.now() - 25 * 60 * 60 * 1000;
    // consent given long ago too: the late delivery becomes an application at once
    await send(n, [textMsg(wa, 'Первое', { timestamp: dayAgo - 60_000 })]);
    await eventually(async () => sentTo(n, wa).find((b) => b.type === 'template'));
    await send(n, [{ ...consentYes(wa), timestamp: dayAgo }]);
    const reply = await eventually(async () =>
      sentTo(n, wa).find((b) => b.type === 'template' && /З-\d{4}-\d{6}/.test(JSON.stringify(b))),
    );
    expect(reply.template).toMatchObject({ name: 'application_received', language: { code: 'ru' } });
  });

  it('records statuses of outgoing messages in any order, each once', async () => {
    const n = await addNumber();
    const wamid = `wamid.OUT${randomBytes(6).toString('hex')}`;
    const ts = Math.floor(Date.now() / 1000);
    const statuses = [
      { id: wamid, status: 'read', timestamp: String(ts + 20), recipient_id: '79160000000' },
      { id: wamid, status: 'sent', timestamp: String(ts), recipient_id: '79160000000' },
      { id: wamid, status: 'delivered', timestamp: String(ts + 10), recipient_id: '79160000000' },
    ];
    const raw = metaJson({
      object: 'whatsapp_business_account',
      entry: [{ id: 'W', changes: [{ field: 'messages', value: { statuses } }] }],
    });
    expect((await post(n, raw)).status).toBe(200);
    expect((await post(n, raw)).status).toBe(200);
    const rows = await dbRows<{ status: string }>(
      t.db.url,
      `SELECT status FROM whatsapp_statuses WHERE integration_id = $1 ORDER BY occurred_at`,
      [n.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('keeps the access token, app secret and verify token out of responses, lists, logs, audit and the dump', async () => {
    const n = await addNumber();
    const list = await t.admin.GET('/api/v1/settings/integrations/list', {
      params: { query: { limit: 200 } },
    });
    const mine = list.data!.items.find((i) => i.id === n.id)!;
    expect(mine.webhookUrl).toBe(`${PUBLIC_BASE_URL}/api/v1/integrations/whatsapp/${n.id}/webhook`);
    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entity: 'integration', entityId: n.id } },
      });
      return r.data!.items.length > 1 ? r.data!.items : null;
    });
    // a message and its reply go through the whole path first
    const wa = await consentedCustomer(n);
    await applicationOf(n, wa);
    const dump = pgDump(t.db.url);
    for (const secret of [n.accessToken, n.appSecret, n.verifyToken]) {
      expect(JSON.stringify(list.data)).not.toContain(secret);
      expect(JSON.stringify(audit)).not.toContain(secret);
      expect(JSON.stringify(t.logs)).not.toContain(secret);
      expect(dump).not.toContain(secret);
    }
  });
});
