import type { CrmClient } from '../../client';
import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { clientBody, dbRows, pgDump } from '../support/clients';
import { FakeTelegram } from '../support/fake-telegram';
import { pay } from '../support/finance';
import { flat, pdfText } from '../support/pdf';
import { PDF_BYTES, postFile, userWithToken } from '../support/uploads';
import { ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

const AGENCY = SAMPLE_AGENCY;
const CHAT_TEXT = 'Хочу в Рим на майские, маркер-переписки-Зеленоглазова';

describe('privacy: subject export and destruction (e2e)', () => {
  let fake: FakeTelegram;
  let t: TestApp;
  let supervisor: CrmClient;
  let operator: { client: CrmClient; token: string };
  let updateSeq = 7000;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    t = await startTestApp({
      env: { TELEGRAM_API_ROOT: fake.url, PUBLIC_BASE_URL: 'https://crm.agency.test' },
    });
    supervisor = (await t.userClient('supervisor')).client;
    operator = await userWithToken(t, 'operator');
    expect((await t.admin.PUT('/api/v1/settings/agency', { body: AGENCY as never })).response.status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  async function salesBot() {
    const token = fake.addBot('privacy_sales_bot');
    const added = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'telegram',
        purpose: 'sales',
        botName: 'privacy_sales_bot',
        apiToken: token,
        adminPassword: ADMIN_PASSWORD,
      },
    });
    await t.admin.POST('/api/v1/settings/integrations/activate', {
      body: { id: added.data!.id, active: true },
    });
    const secret = String(fake.callsOf('setWebhook', token).at(-1)!.body.secret_token);
    return { id: added.data!.id, token, secret };
  }

  function send(bot: { id: string; secret: string }, chatId: number, message: Record<string, unknown>) {
    updateSeq += 1;
    const body =
      'data' in message
        ? {
            update_id: updateSeq,
            callback_query: {
              id: `cb-${updateSeq}`,
              from: { id: chatId, is_bot: false, first_name: 'Анна' },
              chat_instance: 'ci',
              data: message.data,
              message: { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, text: '…' },
            },
          }
        : {
            update_id: updateSeq,
            message: {
              message_id: updateSeq,
              date: Math.floor(Date.now() / 1000),
              chat: { id: chatId, type: 'private' },
              from: { id: chatId, is_bot: false, first_name: 'Анна', username: `anna_${chatId}` },
              ...message,
            },
          };
    return fetch(`${t.baseUrl}/api/v1/integrations/telegram/${bot.id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': bot.secret },
      body: JSON.stringify(body),
    });
  }

  const replies = (token: string, chatId: number) =>
    fake
      .callsOf('sendMessage', token)
      .filter((c) => Number(c.body.chat_id) === chatId)
      .map((c) => String(c.body.text));

  it('exports everything held about a client, destroys it with an act, and leaves no trace in the API, the dump or storage when the client had a passport, an order, a payment, a final invoice, files and a Telegram chat', async () => {
    // the client, with passport, phone, e-mail and consent
    const c = clientBody({ fullName: 'Зеленоглазова Анна Петровна', latinName: 'ZELENOGLAZOVA ANNA' });
    const created = await operator.client.POST('/api/v1/clients', { body: c.body as never });
    expect(created.response.status).toBe(201);
    const clientId = created.data!.id;
    const email = c.body.emails[0];

    // a Telegram conversation that becomes an application linked to the client by the shared phone
    const bot = await salesBot();
    const chatId = 880_001;
    await send(bot, chatId, { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    await eventually(async () => replies(bot.token, chatId).some((r) => /согласие/.test(r)));
    await send(bot, chatId, { data: 'consent:yes' });
    await eventually(async () => replies(bot.token, chatId).some((r) => /Спасибо/.test(r)));
    await send(bot, chatId, { text: CHAT_TEXT });
    await eventually(async () => replies(bot.token, chatId).some((r) => /Заявка № /.test(r)));
    await send(bot, chatId, { contact: { phone_number: c.phone.bare, first_name: 'Анна', user_id: chatId } });
    const applicationId = await eventually(async () => {
      const [row] = await dbRows<{ id: string }>(
        t.db.url,
        `SELECT id FROM applications WHERE client_id = $1`,
        [clientId],
      );
      return row?.id;
    });
    const attached = await postFile(t, operator.token, `/api/v1/applications/${applicationId}/attachments`, {
      bytes: PDF_BYTES,
      name: 'Зеленоглазова-бронь.pdf',
      type: 'application/pdf',
    });
    expect(attached.status).toBe(201);

    // a passport scan on the card
    const file = await postFile(t, operator.token, `/api/v1/clients/${clientId}/documents`, {
      bytes: PDF_BYTES,
      name: 'passport-zelenoglazova.pdf',
      type: 'application/pdf',
    });
    expect(file.status).toBe(201);

    // an order with a service, a payment and a final invoice
    const order = await operator.client.POST('/api/v1/orders', {
      body: { clientId, currency: 'RUB', deadline: '2027-05-15T18:00:00+03:00' },
    });
    const orderId = order.data!.id;
    await operator.client.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: {
        type: 'excursion',
        startAt: '2027-06-10T10:00:00+03:00',
        endAt: '2027-06-10T12:00:00+03:00',
        location: { city: 'Рим', country: 'IT', timeZone: 'Europe/Rome' },
        supplier: 'Экскурсии Плюс',
        price: '15000.00',
        currency: 'RUB',
        commission: { percent: '10' },
      } as never,
    });
    const paid = await pay(t.admin, orderId, { amount: '5000.00' });
    expect(paid.response.status).toBe(201);
    const invoice = await operator.client.POST('/api/v1/orders/{id}/documents', {
      params: { path: { id: orderId } },
      body: { type: 'invoice' },
    });
    expect(invoice.response.status).toBe(201);
    await t.admin.POST('/api/v1/documents/{id}/finalize', { params: { path: { id: invoice.data!.id } } });
    // a full read by the operator, which the export must list
    await operator.client.GET('/api/v1/clients/{id}', { params: { path: { id: clientId } } });

    // the consents reach the register from the card and the bot
    await eventually(async () => {
      const r = await supervisor.GET('/api/v1/privacy/consents', { params: { query: { clientId } } });
      return (
        r.data!.some((x) => x.subjectKind === 'client') &&
        r.data!.some((x) => x.subjectKind === 'application')
      );
    });
    await eventually(async () => {
      const [r] = await dbRows<{ n: number }>(
        t.db.url,
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'pii.read' AND entity_id = $1`,
        [clientId],
      );
      return r.n > 0;
    });

    // subject export: JSON lists all of it; operators may not ask for it
    expect(
      (
        await operator.client.GET('/api/v1/clients/{id}/personal-data', {
          params: { path: { id: clientId } },
        })
      ).response.status,
    ).toBe(403);
    const exported = await supervisor.GET('/api/v1/clients/{id}/personal-data', {
      params: { path: { id: clientId } },
    });
    expect(exported.response.status).toBe(200);
    const x = exported.data!;
    expect(x.profile).toMatchObject({ fullName: 'Зеленоглазова Анна Петровна', emails: [email] });
    expect(JSON.stringify(x.profile)).toContain(c.passport.number);
    expect(x.consents.length).toBeGreaterThanOrEqual(2);
    expect(x.applications.map((a) => a.id)).toEqual([applicationId]);
    expect(JSON.stringify(x.applications)).toContain(CHAT_TEXT);
    expect(x.orders).toHaveLength(1);
    expect((x.orders[0].services as unknown[]).length).toBe(1);
    expect(x.payments.map((p) => p.amount)).toEqual(['5000.00']);
    expect(x.documents.map((d) => d.number)).toEqual([invoice.data!.number]);
    expect(x.files.map((f) => f.fileName)).toEqual(['passport-zelenoglazova.pdf']);
    expect(x.reads.some((r) => r.via === 'getClient' && r.fields.includes('passports'))).toBe(true);

    const pdfRes = await fetch(`${t.baseUrl}/api/v1/clients/${clientId}/personal-data?format=pdf`, {
      headers: { authorization: `Bearer ${(await userWithToken(t, 'admin')).token}` },
    });
    expect(pdfRes.headers.get('content-type')).toContain('application/pdf');
    const exportText = flat(pdfText(Buffer.from(await pdfRes.arrayBuffer())));
    expect(exportText).toContain('Зеленоглазова Анна Петровна');
    expect(exportText).toContain('Кто знакомился с полными данными');

    const keys = await dbRows<{ key: string }>(
      t.db.url,
      `SELECT object_key AS key FROM client_files WHERE client_id = $1
       UNION ALL SELECT a->>'key' FROM applications, jsonb_array_elements(attachments) a WHERE id = $2`,
      [clientId, applicationId],
    );
    expect(keys).toHaveLength(2);
    const storage = t.app.get<ObjectStorage>(OBJECT_STORAGE);
    for (const k of keys) expect(await storage.exists(k.key)).toBe(true);

    // destroy: operators may not; a supervisor does
    const body = {
      reason: 'требование субъекта об уничтожении',
      basis: 'ч. 3 ст. 21 Федерального закона № 152-ФЗ',
    };
    expect(
      (
        await operator.client.POST('/api/v1/clients/{id}/destroy', {
          params: { path: { id: clientId } },
          body,
        })
      ).response.status,
    ).toBe(403);
    const destroyed = await supervisor.POST('/api/v1/clients/{id}/destroy', {
      params: { path: { id: clientId } },
      body,
    });
    expect(destroyed.response.status).toBe(200);
    const d = destroyed.data!;
    expect(d.pseudonym).toMatch(/^Клиент №\d+$/);
    expect(d.categories).toEqual(
      expect.arrayContaining([
        'фамилия, имя, отчество',
        'паспортные данные',
        'номера телефонов',
        'адреса электронной почты',
      ]),
    );
    expect(d.counts).toMatchObject({
      clientFiles: 1,
      applications: 1,
      applicationAttachments: 1,
      telegramChats: 1,
    });
    const again = await supervisor.POST('/api/v1/clients/{id}/destroy', {
      params: { path: { id: clientId } },
      body,
    });
    expect(again.response.status).toBe(409);

    // the API shows the pseudonym; the order and the payment stay with their sums
    const card = await t.admin.GET('/api/v1/clients/{id}', { params: { path: { id: clientId } } });
    expect(card.data).toMatchObject({
      fullName: d.pseudonym,
      emails: [],
      phones: [],
      passports: [],
      birthDate: null,
    });
    const o = await t.admin.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
    expect(o.data).toMatchObject({ payerName: d.pseudonym, totalAmount: '15000.00', clientId });
    const payments = await t.admin.GET('/api/v1/orders/{id}/payments', { params: { path: { id: orderId } } });
    expect(JSON.stringify(payments.data)).toContain('5000.00');
    const inv = await t.admin.GET('/api/v1/documents/{id}', { params: { path: { id: invoice.data!.id } } });
    expect(inv.data).toMatchObject({ final: true });

    // the files are gone from storage
    for (const k of keys) expect(await storage.exists(k.key)).toBe(false);

    // the act: a final document of no order; its PDF names the categories and the date
    const act = await supervisor.GET('/api/v1/documents/{id}', { params: { path: { id: d.actDocumentId } } });
    expect(act.data).toMatchObject({
      type: 'destruction_act',
      orderId: null,
      final: true,
      number: d.actNumber,
    });
    const link = await supervisor.GET('/api/v1/documents/{id}/download', {
      params: { path: { id: d.actDocumentId }, query: {} },
    });
    const actPdf = Buffer.from(
      await (await fetch(`${t.baseUrl}${link.data!.url.slice(t.config.publicBaseUrl.length)}`)).arrayBuffer(),
    );
    const actText = flat(pdfText(actPdf));
    expect(actText).toContain(`АКТ № ${d.actNumber}`);
    expect(actText).toContain('паспортные данные');
    expect(actText).toContain('адреса электронной почты');
    expect(actText).toContain(d.pseudonym);
    expect(actText).toContain(AGENCY.legalName);
    const day = new Intl.DateTimeFormat('ru-RU', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Moscow',
    })
      .format(new Date(d.performedAt))
      .replace(/\s*г\.$/, '');
    expect(actText).toContain(day);
    expect(actText).toContain('Выписка из журнала регистрации событий');
    expect(actText).toContain('clients.personal-data-erased');

    // every event delivered (audit entries written), then: nothing of the person in the whole database
    await eventually(async () => {
      const [r] = await dbRows<{ n: number }>(
        t.db.url,
        `SELECT count(*)::int AS n FROM outbox WHERE status <> 'delivered'`,
      );
      return r.n === 0;
    }, 20_000);
    const dump = pgDump(t.db.url);
    for (const secret of [
      'Зеленоглазова',
      'ZELENOGLAZOVA',
      c.passport.number,
      c.phone.e164,
      c.phone.bare,
      email,
      CHAT_TEXT,
      'маркер-переписки',
      'passport-zelenoglazova',
    ]) {
      expect({ secret, found: dump.toLowerCase().includes(secret.toLowerCase()) }).toEqual({
        secret,
        found: false,
      });
    }
    const [chatRows] = await dbRows<{ n: number }>(
      t.db.url,
      `SELECT count(*)::int AS n FROM telegram_chats WHERE chat_id = $1`,
      [chatId],
    );
    expect(chatRows.n).toBe(0);

    // the chain still verifies; the destruction is in it
    const verify = await t.admin.GET('/api/v1/audit/verify');
    expect(verify.data).toMatchObject({ ok: true });
    const log = await t.admin.GET('/api/v1/audit', {
      params: { query: { action: 'privacy.client-data-destroyed' } },
    });
    expect(log.data!.items).toHaveLength(1);
  });
});
