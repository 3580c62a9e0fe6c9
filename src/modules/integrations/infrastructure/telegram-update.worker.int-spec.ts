import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit, RecordingCommandBus } from '../../../../test/support/int-integrations';
import { HandleTelegramUpdateCommand } from '../application/commands/handle-telegram-update/handle-telegram-update.command';
import { RecordIntegrationFailureCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import { BotApiError } from '../application/ports/bot-gateway.port';
import { TelegramUpdateWorker, UPDATE_MAX_ATTEMPTS } from './telegram-update.worker';

interface Row {
  update_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  wait: number;
}

describe('TelegramUpdateWorker on the migrated schema', () => {
  const db = useIntDb();
  let kit: ReturnType<typeof integrationsKit>;
  const bus = new RecordingCommandBus();
  let worker: TelegramUpdateWorker;
  let integrationId: string;

  beforeAll(async () => {
    kit = integrationsKit(db());
    integrationId = (await kit.addIntegration()).id;
    worker = new TelegramUpdateWorker(db().uow, bus.asBus(), kit.telegramSignals, kit.config);
  });
  afterAll(() => worker.onApplicationShutdown());

  const add = (updateId: number) =>
    db().q(
      `INSERT INTO telegram_updates (integration_id, update_id, payload, key_id) VALUES ($1, $2, 'sealed', 'k1')`,
      [integrationId, updateId],
    );
  const rows = () =>
    db().q<Row>(
      `SELECT update_id::text, status, attempts, last_error,
              round(extract(epoch FROM next_attempt_at - now()))::int AS wait
         FROM telegram_updates WHERE integration_id = $1 ORDER BY update_id`,
      [integrationId],
    );

  it('runs HandleTelegramUpdateCommand for each pending update in order and marks it done', async () => {
    await add(1);
    await add(2);
    await worker.drain();
    expect(bus.executed).toEqual([
      expect.objectContaining({ integrationId, updateId: 1 }),
      expect.objectContaining({ integrationId, updateId: 2 }),
    ]);
    expect(bus.executed[0]).toBeInstanceOf(HandleTelegramUpdateCommand);
    expect((await rows()).map((r) => [r.update_id, r.status, r.attempts])).toEqual([
      ['1', 'done', 1],
      ['2', 'done', 1],
    ]);
  });

  it('backs off a failure (retry_after first), parks after the last attempt, and records a refused token', async () => {
    await db().q(`DELETE FROM telegram_updates WHERE integration_id = $1`, [integrationId]);
    await add(3);
    bus.executed.length = 0;
    bus.failWith = new BotApiError(429, 'Too Many Requests', 20);
    await worker.drain();
    let [r] = await rows();
    expect(r).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Too Many Requests' });
    expect(r.wait).toBeGreaterThanOrEqual(18);

    await db().q(
      `UPDATE telegram_updates SET next_attempt_at = now(), attempts = $2 WHERE integration_id = $1`,
      [integrationId, UPDATE_MAX_ATTEMPTS - 1],
    );
    bus.failWith = new BotApiError(401, '401 Unauthorized');
    bus.executed.length = 0;
    await worker.drain();
    [r] = await rows();
    expect(r).toMatchObject({ status: 'failed', attempts: UPDATE_MAX_ATTEMPTS });
    expect(bus.executed.map((c) => (c as object).constructor)).toEqual([
      HandleTelegramUpdateCommand,
      RecordIntegrationFailureCommand,
    ]);
    bus.failWith = null;
  });
});
