import type { CrmClient } from '../../client';
import { clientBody, dbRows } from '../support/clients';
import { FakeTelegram } from '../support/fake-telegram';
import { orderWithTotal, pay } from '../support/finance';
import { ADMIN_PASSWORD, eventually, startTestApp, type TestApp } from '../support/test-app';

describe('privacy: consent register and withdrawal (e2e)', () => {
  let fake: FakeTelegram;
  let t: TestApp;
  let supervisor: CrmClient;
  let operator: CrmClient;
  let updateSeq = 9000;

  beforeAll(async () => {
    fake = await new FakeTelegram().start();
    t = await startTestApp({
      env: { TELEGRAM_API_ROOT: fake.url, PUBLIC_BASE_URL: 'https://crm.agency.test' },
    });
    supervisor = (await t.userClient('supervisor')).client;
    operator = (await t.userClient('operator')).client;
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  async function salesBot() {
    const token = fake.addBot('consent_sales_bot');
    const added = await t.admin.POST('/api/v1/settings/integrations/add', {
      body: {
        type: 'telegram',
        purpose: 'sales',
        botName: 'consent_sales_bot',
        apiToken: token,
        adminPassword: ADMIN_PASSWORD,
      },
    });
    await t.admin.POST('/api/v1/settings/integrations/activate', {
      body: { id: added.data!.id, active: true },
    });
    return {
      id: added.data!.id,
      token,
      secret: String(fake.callsOf('setWebhook', token).at(-1)!.body.secret_token),
    };
  }

  function send(bot: { id: string; secret: string }, chatId: number, update: Record<string, unknown>) {
    updateSeq += 1;
    const from = { id: chatId, is_bot: false, first_name: 'Павел' };
    const body =
      'data' in update
        ? {
            update_id: updateSeq,
            callback_query: {
              id: `cb-${updateSeq}`,
              from,
              chat_instance: 'ci',
              data: update.data,
              message: { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, text: '…' },
            },
          }
        : {
            update_id: updateSeq,
            message: {
              message_id: updateSeq,
              date: 1,
              chat: { id: chatId, type: 'private' },
              from,
              ...update,
            },
          };
    return fetch(`${t.baseUrl}/api/v1/integrations/telegram/${bot.id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': bot.secret },
      body: JSON.stringify(body),
    });
  }
  const command = (text: string) => ({
    text,
    entities: [{ type: 'bot_command', offset: 0, length: text.length }],
  });
  const replies = (token: string, chatId: number) =>
    fake
      .callsOf('sendMessage', token)
      .filter((c) => Number(c.body.chat_id) === chatId)
      .map((c) => String(c.body.text));

  it('shows the active consent text in the bot, records the consent with its version, and stops the chat on /stop so that no more messages are taken or sent', async () => {
    const text = await supervisor.POST('/api/v1/privacy/consent-texts', {
      body: {
        purpose: 'intake',
        version: '2026-12',
        body: 'Согласие на обработку персональных данных, редакция декабря 2026 года: имя и телефон для подбора тура.',
      },
    });
    expect(text.response.status).toBe(201);
    const dup = await supervisor.POST('/api/v1/privacy/consent-texts', {
      body: {
        purpose: 'intake',
        version: '2026-12',
        body: 'Другой текст с той же редакцией, который нельзя сохранить.',
      },
    });
    expect(dup.response.status).toBe(409);
    const texts = await supervisor.GET('/api/v1/privacy/consent-texts');
    expect(texts.data!.filter((x) => x.active).map((x) => x.version)).toEqual(['2026-12']);

    const bot = await salesBot();
    const chatId = 990_001;
    await send(bot, chatId, command('/start'));
    await eventually(async () => replies(bot.token, chatId).some((r) => r.includes('редакция декабря 2026')));
    await send(bot, chatId, { data: 'consent:yes' });
    const consent = await eventually(async () => {
      const all = await supervisor.GET('/api/v1/privacy/consents');
      return all.data!.find(
        (c) => c.subjectKind === 'telegram_chat' && c.subjectId === `${bot.id}:${chatId}`,
      );
    });
    expect(consent).toMatchObject({ textVersion: '2026-12', channel: 'telegram', withdrawnAt: null });

    await send(bot, chatId, { text: 'Хочу в Сочи' });
    await eventually(async () => replies(bot.token, chatId).some((r) => /Заявка № /.test(r)));
    await send(bot, chatId, command('/stop'));
    await eventually(async () => replies(bot.token, chatId).some((r) => /отозвали согласие/.test(r)));
    const withdrawn = await eventually(async () => {
      const all = await supervisor.GET('/api/v1/privacy/consents');
      const c = all.data!.find((x) => x.id === consent.id);
      return c?.withdrawnAt ? c : null;
    });
    // an unlinked chat: nothing keeps the data, so it is due for destruction in 30 days
    expect(withdrawn).toMatchObject({ withdrawalChannel: 'telegram', keptBases: [] });
    const days = (Date.parse(withdrawn.destroyAfter!) - Date.parse(withdrawn.withdrawnAt!)) / 86_400_000;
    expect(days).toBe(30);

    // after /stop: a message is neither taken nor answered
    const sentBefore = replies(bot.token, chatId).length;
    const [appsBefore] = await dbRows<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM applications`);
    await send(bot, chatId, { text: 'Ещё одна заявка после отзыва' });
    await new Promise((r) => setTimeout(r, 1500));
    const [appsAfter] = await dbRows<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM applications`);
    expect(appsAfter.n).toBe(appsBefore.n);
    expect(replies(bot.token, chatId)).toHaveLength(sentBefore);
  });

  it('withdraws a client consent by staff and names the legal bases that keep the data when the client has an open, paid order', async () => {
    const c = clientBody({ fullName: 'Согласов Пётр Ильич' });
    const created = await operator.POST('/api/v1/clients', { body: c.body as never });
    const clientId = created.data!.id;
    const order = await orderWithTotal(operator, { clientId, total: '20000.00' });
    expect((await pay(t.admin, order.id, { amount: '1000.00' })).response.status).toBe(201);
    const consent = await eventually(async () => {
      const r = await supervisor.GET('/api/v1/privacy/consents', { params: { query: { clientId } } });
      return r.data!.find((x) => x.subjectKind === 'client');
    });
    expect(consent).toMatchObject({
      textVersion: '2025-09',
      channel: 'web',
      givenAt: '2026-11-22T07:00:00.000Z',
    });

    const paper = await supervisor.POST('/api/v1/privacy/consents', {
      body: { clientId, textVersion: '2026-12', channel: 'paper', givenAt: '2026-11-30T12:00:00+03:00' },
    });
    expect(paper.response.status).toBe(201);
    const bad = await supervisor.POST('/api/v1/privacy/consents', {
      body: { clientId, textVersion: '1', channel: 'paper', givenAt: '30.11.2026' },
    });
    expect(bad.response.status).toBe(422);
    expect(JSON.stringify(bad.error)).toContain('givenAt');

    expect(
      (
        await operator.POST('/api/v1/privacy/consents/{id}/withdraw', {
          params: { path: { id: consent.id } },
          body: {},
        })
      ).response.status,
    ).toBe(403);
    const w = await supervisor.POST('/api/v1/privacy/consents/{id}/withdraw', {
      params: { path: { id: consent.id } },
      body: { channel: 'paper' },
    });
    expect(w.response.status).toBe(200);
    expect(w.data!.destroyAfter).toBeNull();
    expect(w.data!.keptBy.map((k) => k.basis)).toEqual(['contract', 'accounting']);
    expect(w.data!.keptBy[1].text).toContain('402-ФЗ');
    const again = await supervisor.POST('/api/v1/privacy/consents/{id}/withdraw', {
      params: { path: { id: consent.id } },
      body: {},
    });
    expect(again.response.status).toBe(409);
    const audit = await eventually(async () => {
      const r = await t.admin.GET('/api/v1/audit', {
        params: { query: { action: 'privacy.consent-withdrawn', entityId: consent.id } },
      });
      return r.data!.items[0];
    });
    expect(audit.diff).toMatchObject({ withdrawnAt: { from: null } });
  });
});
