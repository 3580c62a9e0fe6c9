import { createHash } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import type { CrmClient } from '../../client';
import { NotifyDeadlinesCommand } from '../../src/modules/integrations/application/commands/notify-deadlines/notify-deadlines.command';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { clientBody, dbRows, pgDump } from '../support/clients';
import { FakeTelegram } from '../support/fake-telegram';
import { flight, newClient } from '../support/orders';
import { ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

const PUBLIC_BASE_URL = 'https://crm.agency.test';

describe('telegram bots (e2e)', () => {
  let fake: FakeTelegram;
  let t: TestApp;
  let operator: CrmClient;
  let operatorId: string;
  let updateSeq = 1000;
  let chatSeq = 500_000;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    t = await startTestApp({ env: { TELEGRAM_API_ROOT: fake.url, PUBLIC_BASE_URL } });
    const op = await t.userClient('operator');
    operator = op.client;
    operatorId = op.id;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  async function addBot(purpose: 'sales' | 'operators' | 'suppliers', token: string, botName: string) {
    const r = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: { type: 'telegram', purpose, botName, apiToken: token, adminPassword: ADMIN_PASSWORD },
    });
    if (r.response.status !== 201) throw new Error(`add failed: ${JSON.stringify(r.error)}`);
    return r.data!;
  }

  async function activate(id: string, active = true) {
    return t.admin.POST('/api/v1/settings/integrations/activate', { body: { id, active } });
  }

  /** A running bot: registered on the fake server, added and activated; its webhook secret as set. */
  async function runningBot(purpose: 'sales' | 'operators' | 'suppliers') {
    const botName = `${purpose}_bot_${(chatSeq += 1)}`;
    const token = fake.addBot(botName);
    const added = await addBot(purpose, token, botName);
    const r = await activate(added.id);
    expect(r.response.status).toBe(200);
    const hook = fake.callsOf('setWebhook', token).at(-1)!;
    return { id: added.id, token, botName, secret: String(hook.body.secret_token) };
  }

  function webhook(
    bot: { id: string; secret: string },
    update: Record<string, unknown>,
    secret = bot.secret,
  ) {
    return fetch(`${t.baseUrl}/api/v1/integrations/telegram/${bot.id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });
  }

  const from = (chatId: number) => ({
    id: chatId,
    is_bot: false,
    first_name: 'Ольга',
    username: `olga_${chatId}`,
  });
  const date = () => Math.floor(Date.now() / 1000);

  function textUpdate(chatId: number, text: string, extra: Record<string, unknown> = {}) {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }]
      : [];
    return {
      update_id: (updateSeq += 1),
      message: {
        message_id: updateSeq,
        date: date(),
        chat: { id: chatId, type: 'private' },
        from: from(chatId),
        text,
        ...(entities.length ? { entities } : {}),
        ...extra,
      },
    };
  }

  function callbackUpdate(chatId: number, data: string) {
    return {
      update_id: (updateSeq += 1),
      callback_query: {
        id: `cb-${updateSeq}`,
        from: from(chatId),
        chat_instance: 'ci',
        data,
        message: { message_id: 1, date: date(), chat: { id: chatId, type: 'private' }, text: '…' },
      },
    };
  }

  const sentTo = (token: string, chatId: number) =>
    fake.callsOf('sendMessage', token).filter((c) => Number(c.body.chat_id) === chatId);

  async function waitForReply(token: string, chatId: number, match: RegExp) {
    return eventually(async () => sentTo(token, chatId).find((c) => match.test(String(c.body.text))));
  }

  /** A chat that pressed /start and gave consent on this sales bot. */
  async function consentedChat(bot: { id: string; token: string; secret: string }) {
    const chatId = (chatSeq += 1);
    expect((await webhook(bot, textUpdate(chatId, '/start'))).status).toBe(200);
    const ask = await waitForReply(bot.token, chatId, /согласие/);
    expect(JSON.stringify(ask.body.reply_markup)).toContain('consent:yes');
    await webhook(bot, callbackUpdate(chatId, 'consent:yes'));
    await waitForReply(bot.token, chatId, /Спасибо/);
    return chatId;
  }

  async function applicationOfReply(token: string, chatId: number, nth = 0) {
    const replies = await eventually(async () => {
      const r = sentTo(token, chatId).filter((c) => /Заявка № /.test(String(c.body.text)));
      return r.length > nth ? r : null;
    });
    // customers see the number, never the id
    const number = /Заявка № (З-\d{4}-\d{6})/.exec(String(replies[nth].body.text))![1];
    const found = await operator.GET('/api/v1/applications', { params: { query: { number } } });
    expect(found.data!.items).toHaveLength(1);
    const id = found.data!.items[0].id;
    const got = await operator.GET('/api/v1/applications/{id}', { params: { path: { id } } });
    expect(got.data!.number).toBe(number);
    return got.data!;
  }

  it('refuses a token without the admin password (403) and keeps it out of responses, lists, logs, audit and the dump when added with it', async () => {
    const token = fake.addBot('agency_sales_bot');
    const body = {
      type: 'telegram' as const,
      purpose: 'sales' as const,
      botName: 'agency_sales_bot',
      apiToken: token,
    };
    const without = await t.admin.POST('/api/v1/settings/integrations/add', { body });
    expect(without.response.status).toBe(403);
    const wrong = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: { ...body, adminPassword: `${ADMIN_PASSWORD}x` },
    });
    expect(wrong.response.status).toBe(403);
    const asOperator = await operator.POST('/api/v1/settings/integrations/add', {
      body: { ...body, adminPassword: ADMIN_PASSWORD },
    });
    expect(asOperator.response.status).toBe(403);

    const ok = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: { ...body, adminPassword: ADMIN_PASSWORD },
    });
    expect(ok.response.status).toBe(201);
    expect(ok.data).toMatchObject({
      type: 'telegram',
      purpose: 'sales',
      botName: 'agency_sales_bot',
      isActive: false,
      lastError: null,
      tokenFingerprint: createHash('sha256').update(token).digest('hex').slice(-4),
      webhookUrl: `${PUBLIC_BASE_URL}/api/v1/integrations/telegram/${ok.data!.id}/webhook`,
    });
    const secretPart = token.split(':')[1];
    expect(JSON.stringify(ok.data)).not.toContain(secretPart);

    const list = await t.admin.GET('/api/v1/settings/integrations/list', {
      params: { query: { limit: 200 } },
    });
    expect(list.data!.items.map((i) => i.id)).toContain(ok.data!.id);
    expect(JSON.stringify(list.data)).not.toContain(secretPart);

    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { entity: 'integration', entityId: ok.data!.id } },
      });
      return r.data!.items.length > 0 ? r.data!.items : null;
    });
    expect(audit[0].action).toBe('integrations.added');
    expect(JSON.stringify(audit)).not.toContain(secretPart);

    const [row] = await dbRows<{ api_token_encrypted: string }>(
      t.db.url,
      `SELECT api_token_encrypted FROM integration_settings WHERE id = $1`,
      [ok.data!.id],
    );
    expect(row.api_token_encrypted).toMatch(/^v1:k1:/);
    expect(pgDump(t.db.url)).not.toContain(secretPart);
    expect(JSON.stringify(t.logs)).not.toContain(secretPart);
  });

  it('activates a bot: getMe, then setWebhook to PUBLIC_BASE_URL with a secret token; deactivating deletes the webhook', async () => {
    const token = fake.addBot('agency_act_bot');
    const added = await addBot('sales', token, 'agency_act_bot');
    const r = await activate(added.id);
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({ isActive: true, lastError: null });
    expect(r.data!.lastConnectedAt).not.toBeNull();
    const methods = fake.calls.filter((c) => c.token === token).map((c) => c.method);
    expect(methods.slice(0, 2)).toEqual(['getMe', 'setWebhook']);
    const hook = fake.callsOf('setWebhook', token)[0].body;
    expect(hook.url).toBe(`${PUBLIC_BASE_URL}/api/v1/integrations/telegram/${added.id}/webhook`);
    expect(String(hook.secret_token)).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    const [row] = await dbRows<{ webhook_secret_encrypted: string }>(
      t.db.url,
      `SELECT webhook_secret_encrypted FROM integration_settings WHERE id = $1`,
      [added.id],
    );
    expect(row.webhook_secret_encrypted).not.toContain(String(hook.secret_token));

    const off = await activate(added.id, false);
    expect(off.data).toMatchObject({ isActive: false });
    expect(fake.callsOf('deleteWebhook', token)).toHaveLength(1);
  });

  it('answers 403 to a webhook call with a wrong or missing secret and stores nothing', async () => {
    const bot = await runningBot('sales');
    expect((await webhook(bot, textUpdate(1, 'hi'), 'wrong-secret')).status).toBe(403);
    const missing = await fetch(`${t.baseUrl}/api/v1/integrations/telegram/${bot.id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(textUpdate(1, 'hi')),
    });
    expect(missing.status).toBe(403);
    const rows = await dbRows(t.db.url, `SELECT 1 FROM inbound_messages WHERE integration_id = $1`, [bot.id]);
    expect(rows).toHaveLength(0);
  });

  it('turns a text into a telegram application with consent, chat and user ids, and replies with its number; the same update twice makes one', async () => {
    const bot = await runningBot('sales');
    const chatId = await consentedChat(bot);
    const update = textUpdate(chatId, 'Хотим в Рим на майские, двое взрослых');
    expect((await webhook(bot, update)).status).toBe(200);
    expect((await webhook(bot, update)).status).toBe(200);
    const app = await applicationOfReply(bot.token, chatId);
    expect(app).toMatchObject({
      source: 'telegram',
      status: 'new',
      text: 'Хотим в Рим на майские, двое взрослых',
      contact: { name: 'Ольга', telegram: `@olga_${chatId}` },
      consent: { channel: 'telegram', textVersion: '1' },
      payload: { telegram: { integrationId: bot.id, chatId, userId: chatId } },
    });
    await new Promise((r) => setTimeout(r, 500));
    const apps = await dbRows(t.db.url, `SELECT id FROM applications WHERE source = 'telegram' AND id = $1`, [
      app.id,
    ]);
    expect(apps).toHaveLength(1);
    expect(sentTo(bot.token, chatId).filter((c) => /Заявка № /.test(String(c.body.text)))).toHaveLength(1);
    const stored = await dbRows<{ payload: string }>(
      t.db.url,
      `SELECT body AS payload FROM inbound_messages WHERE integration_id = $1 AND provider_message_id = $2`,
      [bot.id, String(update.update_id)],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0].payload).not.toContain('Рим');

    // a second message within 30 minutes joins the same application
    await webhook(bot, textUpdate(chatId, 'И ещё ребёнок 7 лет'));
    const again = await applicationOfReply(bot.token, chatId, 1);
    expect(again.id).toBe(app.id);
    expect(again.text).toBe('Хотим в Рим на майские, двое взрослых\n\nИ ещё ребёнок 7 лет');
  });

  it('links the application to the client whose phone a contact shared later matches', async () => {
    const c = clientBody({ fullName: 'Ольга Контактова' });
    const created = await operator.POST('/api/v1/clients', { body: c.body as never });
    expect(created.response.status).toBe(201);
    const bot = await runningBot('sales');
    const chatId = await consentedChat(bot);
    await webhook(bot, textUpdate(chatId, 'Тур в Стамбул'));
    const app = await applicationOfReply(bot.token, chatId);
    expect(app.clientId).toBeNull();
    await webhook(bot, {
      update_id: (updateSeq += 1),
      message: {
        message_id: 11,
        date: date(),
        chat: { id: chatId, type: 'private' },
        from: from(chatId),
        contact: { phone_number: c.phone.bare, first_name: 'Ольга', user_id: chatId },
      },
    });
    const linked = await applicationOfReply(bot.token, chatId, 1);
    expect(linked.id).toBe(app.id);
    expect(linked).toMatchObject({ clientId: created.data!.id, contact: { phone: c.phone.bare } });
  });

  it('asks for consent and keeps a message written before it sealed, making it the application when the chat consents', async () => {
    const bot = await runningBot('sales');
    const chatId = (chatSeq += 1);
    await webhook(bot, textUpdate(chatId, 'Без согласия пока, но хотим в Казань'));
    await waitForReply(bot.token, chatId, /согласие/);
    const rows = await dbRows(
      t.db.url,
      `SELECT 1 FROM telegram_chats WHERE chat_id = $1 AND application_id IS NOT NULL`,
      [chatId],
    );
    expect(rows).toHaveLength(0);
    const held = await dbRows<{ status: string; body: string }>(
      t.db.url,
      `SELECT status, body FROM inbound_messages WHERE integration_id = $1`,
      [bot.id],
    );
    expect(held.map((h) => h.status)).toEqual(['held']);
    expect(held[0].body).not.toContain('Казань');

    await webhook(bot, callbackUpdate(chatId, 'consent:yes'));
    const app = await applicationOfReply(bot.token, chatId);
    expect(app.text).toBe('Без согласия пока, но хотим в Казань');
    expect(app.consent).toMatchObject({ channel: 'telegram' });
  });

  it('destroys a message written before consent when the chat refuses', async () => {
    const bot = await runningBot('sales');
    const chatId = (chatSeq += 1);
    await webhook(bot, textUpdate(chatId, 'Отказ'));
    await waitForReply(bot.token, chatId, /согласие/);
    await webhook(bot, callbackUpdate(chatId, 'consent:no'));
    await waitForReply(bot.token, chatId, /Без согласия/);
    const rows = await dbRows(
      t.db.url,
      `SELECT status FROM inbound_messages WHERE integration_id = $1 AND status = 'held'`,
      [bot.id],
    );
    expect(rows).toHaveLength(0);
  });

  it('downloads a document through getFile and stores its bytes as the application attachment', async () => {
    const bot = await runningBot('sales');
    const chatId = await consentedChat(bot);
    const bytes = Buffer.from('%PDF-1.4 passport scan bytes \u0000\u0001\u0002');
    const fileId = fake.addFile(bytes, 'passport.pdf');
    const update = {
      update_id: (updateSeq += 1),
      message: {
        message_id: 9,
        date: date(),
        chat: { id: chatId, type: 'private' },
        from: from(chatId),
        document: {
          file_id: fileId,
          file_unique_id: fileId,
          file_name: 'passport.pdf',
          mime_type: 'application/pdf',
          file_size: bytes.length,
        },
        caption: 'Скан паспорта',
      },
    };
    await webhook(bot, update);
    const app = await applicationOfReply(bot.token, chatId);
    expect(fake.callsOf('getFile', bot.token).map((c) => c.body.file_id)).toContain(fileId);
    expect(app.text).toBe('Скан паспорта');
    expect(app.attachments).toHaveLength(1);
    expect(app.attachments[0]).toMatchObject({
      fileName: 'passport.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    const [row] = await dbRows<{ attachments: Array<{ id: string; key: string }> }>(
      t.db.url,
      `SELECT attachments FROM applications WHERE id = $1`,
      [app.id],
    );
    expect(row.attachments[0].id).toBe(app.attachments[0].id);
    const storage = t.app.get<ObjectStorage>(OBJECT_STORAGE);
    expect(await storage.getBuffer(row.attachments[0].key)).toEqual(bytes);

    // a type the applications module does not take is refused with a reply, nothing attached
    const txt = fake.addFile(Buffer.from('just text'), 'notes.txt');
    await webhook(bot, {
      update_id: (updateSeq += 1),
      message: {
        message_id: 10,
        date: date(),
        chat: { id: chatId, type: 'private' },
        from: from(chatId),
        document: { file_id: txt, file_unique_id: txt, file_name: 'notes.txt', mime_type: 'text/plain' },
      },
    });
    await waitForReply(bot.token, chatId, /Файл не принят/);
    const after = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: app.id } } });
    expect(after.data!.attachments).toHaveLength(1);
  });

  it('marks an integration with lastError when its token is revoked, and the app stays healthy', async () => {
    // refused at activation
    const token = fake.addBot('revoked_early_bot');
    const added = await addBot('sales', token, 'revoked_early_bot');
    fake.revoke(token);
    const r = await activate(added.id);
    expect(r.response.status).toBe(409);
    expect((r.error as { code?: string }).code).toBe('INTEGRATIONS.CONNECTION_FAILED');

    // refused while running: the reply bounces with 401
    const bot = await runningBot('sales');
    fake.revoke(bot.token);
    await webhook(bot, textUpdate((chatSeq += 1), '/start'));
    const list = await eventually(async () => {
      const l = await t.admin.GET('/api/v1/settings/integrations/list', {
        params: { query: { limit: 200 } },
      });
      const found = l.data!.items.filter((i) => [added.id, bot.id].includes(i.id));
      return found.every((i) => i.lastError !== null) ? found : null;
    });
    for (const i of list) {
      expect(i.isActive).toBe(false);
      expect(i.lastError).toContain('401');
      expect(i.lastError).not.toContain(bot.token.split(':')[1]);
    }
    const health = await fetch(`${t.baseUrl}/health/ready`);
    expect(health.status).toBe(200);
    expect(JSON.stringify(t.logs)).not.toContain(bot.token.split(':')[1]);
  });

  it('runs a sales and an operator bot at once: a linked operator is told of a new application and takes it', async () => {
    const sales = await runningBot('sales');
    const ops = await runningBot('operators');
    const link = await operator.POST('/api/v1/users/me/telegram-link', {});
    expect(link.response.status).toBe(201);
    expect(link.data!.botNames).toContain(ops.botName);
    const opChat = (chatSeq += 1);
    await webhook(ops, textUpdate(opChat, `/start ${link.data!.code}`));
    await waitForReply(ops.token, opChat, /привязан/);
    const [linked] = await dbRows<{ linked_user_id: string }>(
      t.db.url,
      `SELECT linked_user_id FROM telegram_chats WHERE integration_id = $1 AND chat_id = $2`,
      [ops.id, opChat],
    );
    expect(linked.linked_user_id).toBe(operatorId);
    // the code works once
    const otherChat = (chatSeq += 1);
    await webhook(ops, textUpdate(otherChat, `/start ${link.data!.code}`));
    await waitForReply(ops.token, otherChat, /не подошёл/);

    const chatId = await consentedChat(sales);
    await webhook(sales, textUpdate(chatId, 'Нужен тур в Сочи'));
    const app = await applicationOfReply(sales.token, chatId);
    const notice = await waitForReply(ops.token, opChat, new RegExp(app.number));
    // the notice names the channel, the contact and the first line, never the id
    expect(String(notice.body.text)).toContain('Telegram');
    expect(String(notice.body.text)).toContain('Ольга');
    expect(String(notice.body.text)).toContain('Нужен тур в Сочи');
    expect(String(notice.body.text)).not.toContain(app.id);
    expect(JSON.stringify(notice.body.reply_markup)).toContain(`take:${app.id}`);

    await webhook(ops, callbackUpdate(opChat, `take:${app.id}`));
    await waitForReply(ops.token, opChat, /закреплена за вами/);
    const taken = await operator.GET('/api/v1/applications/{id}', { params: { path: { id: app.id } } });
    expect(taken.data).toMatchObject({ assigneeId: operatorId, status: 'in_progress' });
  });

  it("sends a supplier its service with Confirm / Reject; Confirm sets the service confirmed, audited, and tells the order's manager", async () => {
    const suppliers = await runningBot('suppliers');
    const ops = await runningBot('operators');
    const supplierName = `Аэрофлот ${chatSeq}`;
    const code = await operator.POST('/api/v1/settings/integrations/supplier-links', {
      body: { supplier: supplierName },
    });
    expect(code.response.status).toBe(201);
    const supChat = (chatSeq += 1);
    await webhook(suppliers, textUpdate(supChat, `/start ${code.data!.code}`));
    await waitForReply(suppliers.token, supChat, /привязан к поставщику/);

    const opLink = await operator.POST('/api/v1/users/me/telegram-link', {});
    const opChat = (chatSeq += 1);
    await webhook(ops, textUpdate(opChat, `/start ${opLink.data!.code}`));
    await waitForReply(ops.token, opChat, /привязан/);

    const payer = await newClient(operator, 'Смирнов Олег', '2035-01-01');
    const order = await operator.POST('/api/v1/orders', {
      body: { clientId: payer, travellerIds: [payer], currency: 'RUB' },
    });
    expect(order.response.status).toBe(201);
    const other = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.data!.id } },
      body: flight({
        supplier: 'Другой поставщик',
        startAt: '2027-07-01T10:00:00+03:00',
        endAt: '2027-07-01T14:00:00+02:00',
      }) as never,
    });
    expect(other.response.status).toBe(201);
    const svc = await operator.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: order.data!.id } },
      body: flight({ supplier: supplierName, bookingRef: 'ABC123' }) as never,
    });
    expect(svc.response.status).toBe(201);
    const serviceId = (svc.data as unknown as { id: string }).id;

    const notice = await waitForReply(suppliers.token, supChat, /ABC123/);
    // Russian words and the place's own times, labelled where the clock is not Moscow's
    expect(notice.body.text).toBe(
      [
        `Новая услуга по заказу ${order.data!.number}: авиаперелёт`,
        'Москва, SVO → Париж, CDG',
        '01.06.2027 10:00 — 01.06.2027 14:00 (Париж)',
        'Путешественников: 1',
        'Бронь: ABC123',
      ].join('\n'),
    );
    expect(JSON.stringify(notice.body.reply_markup)).toContain(`confirm:${serviceId}`);
    // suppliers see only their own services
    expect(sentTo(suppliers.token, supChat).some((c) => /Другой/.test(String(c.body.text)))).toBe(false);
    const otherId = (other.data as unknown as { id: string }).id;
    expect(JSON.stringify(sentTo(suppliers.token, supChat))).not.toContain(otherId);

    // pressing Confirm on someone else's service changes nothing
    await webhook(suppliers, callbackUpdate(supChat, `confirm:${otherId}`));
    await waitForReply(suppliers.token, supChat, /недоступна/);

    await webhook(suppliers, callbackUpdate(supChat, `confirm:${serviceId}`));
    await waitForReply(suppliers.token, supChat, /подтверждена/);
    const rows = await dbRows<{ service_id: string; status: string }>(
      t.db.url,
      `SELECT id AS service_id, confirmation_status AS status FROM order_services WHERE order_id = $1 AND confirmation_status IS NOT NULL`,
      [order.data!.id],
    );
    expect(rows).toEqual([{ service_id: serviceId, status: 'confirmed' }]);
    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: {
          query: { action: 'orders.service-confirmation-set', entity: 'service', entityId: serviceId },
        },
      });
      return r.data!.items.length > 0 ? r.data!.items : null;
    });
    expect(audit[0].diff).toMatchObject({ confirmationStatus: { from: null, to: 'confirmed' } });
    const told = await waitForReply(
      ops.token,
      opChat,
      new RegExp(`${order.data!.number}: поставщик .* подтвердил`),
    );
    expect(told.body.text).toBe(
      `Заказ ${order.data!.number}: поставщик ${supplierName} подтвердил услугу (авиаперелёт).`,
    );
    const timeline = await eventually(async () => {
      const r = await operator.GET('/api/v1/orders/{id}/timeline', {
        params: { path: { id: order.data!.id } },
      });
      return r.data!.items.find((i) => /подтвердил услугу/.test(i.summary));
    });
    expect(timeline.summary).toContain(supplierName);

    // Reject asks for the reason, then records it
    await webhook(suppliers, callbackUpdate(supChat, `reject:${serviceId}`));
    await waitForReply(suppliers.token, supChat, /причину/);
    await webhook(suppliers, textUpdate(supChat, 'Рейс отменён'));
    const rejected = await waitForReply(ops.token, opChat, /отклонил.*Рейс отменён/);
    expect(rejected.body.text).toBe(
      `Заказ ${order.data!.number}: поставщик ${supplierName} отклонил услугу (авиаперелёт). Причина: Рейс отменён`,
    );
  });

  it('retries a message refused with 429 after retry_after and sends it once', async () => {
    const bot = await runningBot('sales');
    const chatId = (chatSeq += 1);
    fake.failNext(bot.token, 'sendMessage', 429, 1);
    await webhook(bot, textUpdate(chatId, '/start'));
    const calls = await eventually(async () => {
      const c = sentTo(bot.token, chatId);
      return c.length >= 2 ? c : null;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo(bot.token, chatId)).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000);
    const rows = await dbRows<{ status: string; attempts: number }>(
      t.db.url,
      `SELECT status, attempts FROM telegram_outgoing WHERE integration_id = $1 AND chat_id = $2`,
      [bot.id, chatId],
    );
    expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('replaces a token with the admin password only, reconnecting a running bot with a new webhook secret', async () => {
    const bot = await runningBot('sales');
    const newToken = fake.addBot(bot.botName);
    const refused = await t.admin.POST('/api/v1/settings/integrations/replace-token', {
      body: { id: bot.id, apiToken: newToken },
    });
    expect(refused.response.status).toBe(403);
    const r = await t.admin.POST('/api/v1/settings/integrations/replace-token', {
      body: { id: bot.id, apiToken: newToken, adminPassword: ADMIN_PASSWORD },
    });
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({
      isActive: true,
      tokenFingerprint: createHash('sha256').update(newToken).digest('hex').slice(-4),
    });
    expect(JSON.stringify(r.data)).not.toContain(newToken.split(':')[1]);
    expect(fake.callsOf('deleteWebhook', bot.token)).toHaveLength(1);
    const hook = fake.callsOf('setWebhook', newToken)[0].body;
    expect(hook.secret_token).not.toBe(bot.secret);
    // the old secret no longer opens the webhook
    expect((await webhook(bot, textUpdate(1, 'hi'))).status).toBe(403);
    expect((await webhook(bot, textUpdate(1, 'hi'), String(hook.secret_token))).status).toBe(200);
  });

  it('locks an admin out (429) after five wrong admin passwords, even with the right one', async () => {
    const other = await t.userClient('admin');
    const body = {
      type: 'telegram' as const,
      purpose: 'sales' as const,
      botName: 'locked_bot',
      apiToken: fake.addBot('locked_bot'),
    };
    for (let i = 0; i < 5; i += 1) {
      const r = await other.client.POST('/api/v1/settings/integrations/add', {
        body: { ...body, adminPassword: `wrong-${i}` },
      });
      expect(r.response.status).toBe(403);
    }
    const locked = await other.client.POST('/api/v1/settings/integrations/add', {
      body: { ...body, adminPassword: ADMIN_PASSWORD },
    });
    expect(locked.response.status).toBe(429);
    expect(locked.response.headers.get('retry-after')).toMatch(/^\d+$/);
    // another admin is not affected
    expect(
      (
        await t.admin.POST('/api/v1/settings/integrations/add', {
          body: { ...body, adminPassword: ADMIN_PASSWORD },
        })
      ).response.status,
    ).toBe(201);
  });

  it("tells an order's manager of its status changes and, once, of a payment deadline due tomorrow", async () => {
    const ops = await runningBot('operators');
    const manager = await t.userClient('operator');
    const link = await manager.client.POST('/api/v1/users/me/telegram-link', {});
    const chat = (chatSeq += 1);
    await webhook(ops, textUpdate(chat, `/start ${link.data!.code}`));
    await waitForReply(ops.token, chat, /привязан/);

    // tomorrow at noon in Moscow
    const msk = new Date(Date.now() + 3 * 3600_000);
    const tomorrow = new Date(
      Date.UTC(msk.getUTCFullYear(), msk.getUTCMonth(), msk.getUTCDate() + 1, 9, 0, 0),
    );
    const payer = await newClient(manager.client, 'Орлова Анна', '2035-01-01');
    const due = await manager.client.POST('/api/v1/orders', {
      body: { clientId: payer, travellerIds: [payer], currency: 'RUB', deadline: tomorrow.toISOString() },
    });
    expect(due.response.status).toBe(201);
    const later = await manager.client.POST('/api/v1/orders', {
      body: {
        clientId: payer,
        travellerIds: [payer],
        currency: 'RUB',
        deadline: new Date(tomorrow.getTime() + 2 * 86400_000).toISOString(),
      },
    });
    expect(later.response.status).toBe(201);

    const commands = t.app.get(CommandBus);
    const [a, b] = await Promise.all([
      commands.execute(new NotifyDeadlinesCommand(true)),
      commands.execute(new NotifyDeadlinesCommand(true)),
    ]);
    // one of two concurrent rounds runs, the other skips the locked job row
    expect([a, b].filter((x) => x === null)).toHaveLength(1);
    await commands.execute(new NotifyDeadlinesCommand(true));
    await waitForReply(ops.token, chat, new RegExp(`срок оплаты по заказу ${due.data!.number}`));
    await new Promise((r) => setTimeout(r, 500));
    const deadlineNotices = sentTo(ops.token, chat).filter((c) => /срок оплаты/.test(String(c.body.text)));
    expect(deadlineNotices).toHaveLength(1);

    const st = await manager.client.POST('/api/v1/orders/{id}/status', {
      params: { path: { id: due.data!.id } },
      body: { status: 'confirmed' } as never,
    });
    expect(st.response.status).toBe(200);
    const status = await waitForReply(ops.token, chat, new RegExp(`Заказ ${due.data!.number}: статус`));
    expect(status.body.text).toBe(`Заказ ${due.data!.number}: статус «Черновик» → «Подтверждён»`);
  });
});

describe('telegram bots in polling mode (e2e)', () => {
  let fake: FakeTelegram;
  let t: TestApp;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    t = await startTestApp({ env: { TELEGRAM_API_ROOT: fake.url, TELEGRAM_UPDATES: 'polling' } });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('removes any webhook on activation and takes updates with getUpdates, each once', async () => {
    const token = fake.addBot('polling_bot');
    const added = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'telegram',
        purpose: 'sales',
        botName: 'polling_bot',
        apiToken: token,
        adminPassword: ADMIN_PASSWORD,
      },
    });
    const on = await t.admin.POST('/api/v1/settings/integrations/activate', {
      body: { id: added.data!.id, active: true },
    });
    expect(on.data).toMatchObject({ isActive: true });
    expect(fake.callsOf('setWebhook', token)).toHaveLength(0);
    expect(fake.callsOf('deleteWebhook', token)).toHaveLength(1);

    const update = {
      update_id: 42,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 777, type: 'private' },
        from: { id: 777, is_bot: false, first_name: 'Пётр' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    fake.queueUpdate(token, update);
    await eventually(async () =>
      fake.callsOf('sendMessage', token).find((c) => /согласие/.test(String(c.body.text))),
    );
    // the next getUpdates asks from 43 on, so the update is not handed out (or answered) again
    await eventually(async () => fake.callsOf('getUpdates', token).find((c) => Number(c.body.offset) === 43));
    expect(fake.callsOf('sendMessage', token)).toHaveLength(1);
  });
});
