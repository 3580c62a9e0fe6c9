import { FakeTelegram } from '../../../../test/support/fake-telegram';
import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit, RecordingCommandBus } from '../../../../test/support/int-integrations';
import { RecordIntegrationFailureCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import { BotApiError } from '../application/ports/bot-gateway.port';
import { TelegramPollingWorker } from './telegram-polling.worker';

describe('TelegramPollingWorker and the Telegraf gateway on the migrated schema (fake Bot API over HTTP)', () => {
  const db = useIntDb();
  const telegram = new FakeTelegram();
  let kit: ReturnType<typeof integrationsKit>;
  const bus = new RecordingCommandBus();
  let worker: TelegramPollingWorker;

  beforeAll(async () => {
    await telegram.start();
    kit = integrationsKit(db());
    worker = new TelegramPollingWorker(
      db().uow,
      kit.store,
      bus.asBus(),
      kit.integrations,
      kit.gateway(telegram.url),
      kit.config,
    );
  });
  afterAll(async () => {
    await worker.onApplicationShutdown();
    await telegram.stop();
  });

  const stored = (integrationId: string) =>
    db().q<{ provider_message_id: string }>(
      `SELECT provider_message_id FROM inbound_messages WHERE integration_id = $1 ORDER BY provider_message_id::bigint`,
      [integrationId],
    );

  it("stores each bot's updates once, asking from the next update id not yet stored", async () => {
    const token = telegram.addBot('poll_bot');
    const i = await kit.addIntegration({ secrets: { apiToken: token, webhookSecret: 'h' } });
    const stopped = await kit.addIntegration({ isActive: false });
    telegram.queueUpdate(token, { update_id: 10, message: { message_id: 1, text: 'привет' } });
    telegram.queueUpdate(token, { update_id: 11, message: { message_id: 2, text: 'ещё' } });
    await worker.drain();
    expect((await stored(i.id)).map((r) => r.provider_message_id)).toEqual(['10', '11']);
    expect(await stored(stopped.id)).toEqual([]);
    expect(telegram.callsOf('getUpdates', token)[0].body.offset).toBe(0);

    telegram.queueUpdate(token, { update_id: 12, message: { message_id: 3, text: 'третье' } });
    await worker.drain();
    expect(telegram.callsOf('getUpdates', token).at(-1)!.body.offset).toBe(12);
    expect((await stored(i.id)).map((r) => r.provider_message_id)).toEqual(['10', '11', '12']);
  });

  it('records a refused token as an integration failure and only logs other errors', async () => {
    const token = telegram.addBot('gone_bot');
    const i = await kit.addIntegration({ secrets: { apiToken: token, webhookSecret: 'h' } });
    telegram.revoke(token);
    bus.executed.length = 0;
    await worker.drain();
    expect(bus.executed).toEqual([expect.any(RecordIntegrationFailureCommand)]);
    expect(bus.executed[0]).toMatchObject({ id: i.id, error: '401 Unauthorized' });
    await db().q(`UPDATE integration_settings SET is_active = false WHERE id = $1`, [i.id]);

    const flaky = telegram.addBot('flaky_bot');
    await kit.addIntegration({ secrets: { apiToken: flaky, webhookSecret: 'h' } });
    telegram.failNext(flaky, 'getUpdates', 502);
    bus.executed.length = 0;
    await worker.drain();
    expect(bus.executed).toEqual([]);
  });

  it('starts its timer only in polling mode', async () => {
    const webhookMode = new TelegramPollingWorker(
      db().uow,
      kit.store,
      bus.asBus(),
      kit.integrations,
      kit.gateway(telegram.url),
      { ...kit.config, telegramUpdates: 'webhook' },
    );
    webhookMode.onApplicationBootstrap();
    worker.onApplicationBootstrap();
    await webhookMode.onApplicationShutdown();
    expect((webhookMode as unknown as { timer: unknown }).timer).toBeNull();
    expect((worker as unknown as { timer: unknown }).timer).not.toBeNull();
  });

  describe('TelegrafBotGateway', () => {
    it('connects with a webhook or without, sends, answers callbacks, downloads files within the limit and scrubs the token from errors', async () => {
      const gateway = kit.gateway(telegram.url);
      const token = telegram.addBot('gw_bot');
      const me = await gateway.connect('int-1', token, { url: 'https://crm.example/hook', secret: 's3cret' });
      expect(me.username).toBe('gw_bot');
      expect(telegram.callsOf('setWebhook', token)[0].body).toMatchObject({
        url: 'https://crm.example/hook',
        secret_token: 's3cret',
      });
      await gateway.connect('int-1', token, null);
      expect(telegram.callsOf('deleteWebhook', token)).toHaveLength(1);
      await gateway.send(token, 42, { text: 'Контакт?', requestContact: true });
      expect(telegram.callsOf('sendMessage', token)[0].body.reply_markup).toMatchObject({
        keyboard: [[{ text: 'Поделиться контактом', request_contact: true }]],
      });
      await gateway.answerCallback(token, 'cb-1', 'Принято');
      expect(telegram.callsOf('answerCallbackQuery', token)[0].body).toMatchObject({
        callback_query_id: 'cb-1',
        text: 'Принято',
      });
      const fileId = telegram.addFile(Buffer.from('%PDF-1.4 passport'), 'passport.pdf');
      expect((await gateway.download(token, fileId, 1000)).toString()).toBe('%PDF-1.4 passport');
      await expect(gateway.download(token, fileId, 5)).rejects.toThrow(/larger than 5 bytes/);
      await expect(gateway.download(token, 'missing', 1000)).rejects.toThrow(/not available/);
      await gateway.disconnect('int-1', token);
      gateway.forget('int-1');

      telegram.revoke(token);
      const err = (await gateway.send(token, 1, { text: 'x' }).catch((e: unknown) => e)) as BotApiError;
      expect(err).toBeInstanceOf(BotApiError);
      expect(err.tokenRejected).toBe(true);
      expect(err.message).not.toContain(token);
      const unreachable = kit.gateway('http://127.0.0.1:9');
      const down = (await unreachable.fetchUpdates(token, 0).catch((e: unknown) => e)) as BotApiError;
      expect(down.message).toMatch(/Telegram API unreachable/);
      expect(down.message).not.toContain(token);
    });
  });
});
