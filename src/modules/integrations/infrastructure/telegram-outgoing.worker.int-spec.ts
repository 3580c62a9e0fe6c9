import { FakeGraph } from '../../../../test/support/fake-graph';
import { FakeTelegram } from '../../../../test/support/fake-telegram';
import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit, RecordingCommandBus } from '../../../../test/support/int-integrations';
import type { AppConfig } from '../../../config/app-config';
import { RecordIntegrationFailureCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import { WhatsAppSender } from '../application/services/whatsapp-sender';
import { GraphApiWhatsAppGateway } from './graph-api.whatsapp-gateway';
import { OUTGOING_MAX_ATTEMPTS, TelegramOutgoingWorker } from './telegram-outgoing.worker';

interface OutRow {
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  wait: number;
}

describe('TelegramOutgoingWorker on the migrated schema (fake Bot API and Graph API over HTTP)', () => {
  const db = useIntDb();
  const telegram = new FakeTelegram();
  const graph = new FakeGraph();
  let kit: ReturnType<typeof integrationsKit>;
  let worker: TelegramOutgoingWorker;
  const bus = new RecordingCommandBus();

  beforeAll(async () => {
    await telegram.start();
    await graph.start();
    kit = integrationsKit(db());
    const whatsapp = new WhatsAppSender(
      kit.inbound,
      new GraphApiWhatsAppGateway({
        whatsapp: { graphApiRoot: graph.url, graphApiVersion: graph.version },
      } as AppConfig),
    );
    worker = new TelegramOutgoingWorker(
      db().uow,
      bus.asBus(),
      kit.codec,
      kit.integrations,
      kit.gateway(telegram.url),
      whatsapp,
      kit.inbound,
      kit.telegramSignals,
      kit.config,
    );
  });
  afterAll(async () => {
    await worker.onApplicationShutdown();
    await telegram.stop();
    await graph.stop();
  });

  const rows = (integrationId: string) =>
    db().q<OutRow>(
      `SELECT status, attempts, last_error, provider_message_id,
              round(extract(epoch FROM next_attempt_at - now()))::int AS wait
         FROM telegram_outgoing WHERE integration_id = $1 ORDER BY created_at, id`,
      [integrationId],
    );

  it('sends queued messages once, sealed at rest, with buttons, and skips a stopped chat', async () => {
    const token = telegram.addBot('sales_bot');
    const i = await kit.addIntegration({ secrets: { apiToken: token, webhookSecret: 'h' } });
    await db().tx(async () => {
      await kit.store.enqueue(i.id, 1001, {
        text: 'Здравствуйте!',
        buttons: [[{ text: 'Да', data: 'yes' }]],
      });
      await kit.store.enqueue(i.id, 1002, { text: 'Второе' }, 'notice-1');
      await kit.store.enqueue(i.id, 1002, { text: 'Второе ещё раз' }, 'notice-1');
    });
    const [{ body }] = await db().q<{ body: string }>(
      `SELECT body FROM telegram_outgoing WHERE integration_id = $1 LIMIT 1`,
      [i.id],
    );
    expect(body).not.toContain('Здравствуйте');

    await worker.drain();
    const sent = telegram.callsOf('sendMessage', token);
    expect(sent.map((c) => [c.body.chat_id, c.body.text])).toEqual([
      [1001, 'Здравствуйте!'],
      [1002, 'Второе'],
    ]);
    expect(sent[0].body.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] });
    expect((await rows(i.id)).map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    await worker.drain();
    expect(telegram.callsOf('sendMessage', token)).toHaveLength(2);

    // a chat that withdrew its consent (/stop) gets nothing more, unless the message is the answer to /stop
    await db().tx(async () => {
      const chat = await kit.store.chat(i.id, 1003, 1003);
      await kit.store.stop(chat, new Date());
      await kit.store.enqueue(i.id, 1003, { text: 'реклама' });
      await kit.store.enqueue(i.id, 1003, { text: 'Вы отписались' }, undefined, { evenIfStopped: true });
    });
    await worker.drain();
    expect(telegram.callsOf('sendMessage', token).map((c) => c.body.text)).toEqual([
      'Здравствуйте!',
      'Второе',
      'Вы отписались',
    ]);
  });

  it('postpones a throttled bot by retry_after, backs off other errors and parks after the last attempt', async () => {
    const token = telegram.addBot('busy_bot');
    const i = await kit.addIntegration({ secrets: { apiToken: token, webhookSecret: 'h' } });
    await db().tx(async () => {
      await kit.store.enqueue(i.id, 2001, { text: 'a' });
      await kit.store.enqueue(i.id, 2002, { text: 'b' });
    });
    telegram.failNext(token, 'sendMessage', 429, 30);
    await worker.drain();
    const [a, b] = await rows(i.id);
    expect(a).toMatchObject({ status: 'pending', attempts: 1 });
    expect(a.last_error).toContain('429');
    expect(a.wait).toBeGreaterThanOrEqual(28);
    // the second message of a throttled bot waits too, without counting an attempt
    expect(b).toMatchObject({ status: 'pending', attempts: 0 });
    expect(b.wait).toBeGreaterThanOrEqual(28);

    await db().q(
      `UPDATE telegram_outgoing SET next_attempt_at = now(), attempts = $2 WHERE integration_id = $1`,
      [i.id, OUTGOING_MAX_ATTEMPTS - 1],
    );
    telegram.failNext(token, 'sendMessage', 500);
    await worker.drain();
    const [parked, ok] = await rows(i.id);
    expect(parked).toMatchObject({ status: 'failed', attempts: OUTGOING_MAX_ATTEMPTS });
    expect(ok.status).toBe('sent');
  });

  it("waits retry_after from the refusal, not from the start of the batch's transaction", async () => {
    const token = telegram.addBot('slow_bot');
    const i = await kit.addIntegration({ secrets: { apiToken: token, webhookSecret: 'h' } });
    await kit.store.enqueue(i.id, 2101, { text: 'a' });
    telegram.failNext(token, 'sendMessage', 429, 1);
    await worker.drain();
    const [refused] = telegram.callsOf('sendMessage', token);
    const [{ due }] = await db().q<{ due: string }>(
      `SELECT (extract(epoch FROM next_attempt_at) * 1000)::bigint::text AS due
         FROM telegram_outgoing WHERE integration_id = $1`,
      [i.id],
    );
    // the request reached the Bot API after the batch's transaction began; the wait starts after it
    expect(Number(due)).toBeGreaterThanOrEqual(refused.at + 1000);
  });

  it('stops on a refused token: the integration failure is recorded and its messages wait', async () => {
    const token = telegram.addBot('revoked_bot');
    const i = await kit.addIntegration({ secrets: { apiToken: token, webhookSecret: 'h' } });
    await db().tx(async () => {
      await kit.store.enqueue(i.id, 3001, { text: 'a' });
      await kit.store.enqueue(i.id, 3002, { text: 'b' });
    });
    telegram.revoke(token);
    bus.executed.length = 0;
    await worker.drain();
    const [a, b] = await rows(i.id);
    expect(a).toMatchObject({ status: 'pending', attempts: 1 });
    expect(a.last_error).toContain('401');
    expect(a.last_error).not.toContain(token);
    expect(b).toMatchObject({ status: 'pending', attempts: 0 });
    expect(bus.executed).toHaveLength(1);
    expect(bus.executed[0]).toBeInstanceOf(RecordIntegrationFailureCommand);
    expect(bus.executed[0]).toMatchObject({ id: i.id, error: '401 Unauthorized' });
  });

  it('lets the messages of an inactive integration wait with a reason', async () => {
    const i = await kit.addIntegration({ isActive: false });
    await db().tx(() => kit.store.enqueue(i.id, 4001, { text: 'a' }));
    await worker.drain();
    const [a] = await rows(i.id);
    expect(a).toMatchObject({ status: 'pending', attempts: 0, last_error: 'the bot is not running' });
    expect(a.wait).toBeGreaterThanOrEqual(55);
  });

  it('sends a WhatsApp message through the Graph API as a template outside the 24-hour window, keeping the wamid', async () => {
    const number = graph.addNumber();
    const i = await kit.addIntegration({
      type: 'whatsapp',
      secrets: {
        apiToken: number.accessToken,
        webhookSecret: 'v',
        appSecret: 's',
        phoneNumberId: number.phoneNumberId,
      },
      settings: { templateName: 'crm_notice', templateLanguage: 'ru' },
    });
    await db().tx(() => kit.store.enqueue(i.id, 79161234567, { text: 'Ваш тур подтверждён' }));
    await worker.drain();
    const [row] = await rows(i.id);
    expect(row.status).toBe('sent');
    expect(row.provider_message_id).toMatch(/^wamid\./);
    const [out] = graph.sent(number.phoneNumberId);
    expect(out).toMatchObject({ to: '79161234567', type: 'template', template: { name: 'crm_notice' } });
  });
});
