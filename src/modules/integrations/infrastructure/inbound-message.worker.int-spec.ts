import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit } from '../../../../test/support/int-integrations';
import { uuidv7 } from '../../../shared/domain/uuid';
import { InboundAdapterRegistry } from '../application/inbound/inbound-adapter.registry';
import { InboundSignals } from '../application/inbound/inbound-signals';
import type { InboundIntake } from '../application/inbound/inbound-intake';
import type {
  InboundMessage,
  InboundOutcome,
  StoredInboundMessage,
} from '../application/inbound/inbound-message.port';
import { BotApiError } from '../application/ports/bot-gateway.port';
import { INBOUND_MAX_ATTEMPTS, InboundMessageWorker } from './inbound-message.worker';

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  application_id: string | null;
  client_id: string | null;
  wait: number;
}

describe('InboundMessageWorker on the migrated schema', () => {
  const db = useIntDb();
  let kit: ReturnType<typeof integrationsKit>;
  let worker: InboundMessageWorker;
  let integrationId: string;
  const seen: StoredInboundMessage[] = [];
  let next: (m: StoredInboundMessage) => Promise<InboundOutcome>;

  beforeAll(async () => {
    kit = integrationsKit(db());
    integrationId = (await kit.addIntegration()).id;
    const registry = new InboundAdapterRegistry();
    registry.register({
      channel: 'test',
      process: (m) => {
        seen.push(m);
        return next(m);
      },
    });
    worker = new InboundMessageWorker(
      db().uow,
      kit.inbound,
      registry,
      null as unknown as InboundIntake,
      kit.inboundSignals,
      kit.config,
    );
  });
  afterAll(() => worker.onApplicationShutdown());

  async function receive(over: Partial<InboundMessage> = {}): Promise<string> {
    const r = await db().tx(() =>
      kit.inbound.receive({
        channel: 'test',
        integrationId,
        providerMessageId: uuidv7(),
        sender: 'sender-1',
        contact: { name: 'Ольга', phone: '+79001112233', email: null },
        text: 'Хочу в Сочи',
        attachments: [],
        replyTo: null,
        threadKey: 'thread-1',
        receivedAt: new Date().toISOString(),
        ...over,
      }),
    );
    return r.id!;
  }
  const row = (id: string) =>
    db().one<Row>(
      `SELECT status, attempts, last_error, application_id, client_id,
              round(extract(epoch FROM next_attempt_at - now()))::int AS wait
         FROM inbound_messages WHERE id = $1`,
      [id],
    );

  it('processes pending messages one at a time in its transaction and marks them done with the application', async () => {
    const applicationId = uuidv7();
    const clientId = uuidv7();
    next = async () => ({ kind: 'done', applicationId, clientId });
    const a = await receive();
    const b = await receive({ channel: 'test', text: 'Второе' });
    await worker.drain();
    expect(seen.map((m) => m.id)).toEqual([a, b]);
    expect(seen[0]).toMatchObject({ text: 'Хочу в Сочи', contact: { name: 'Ольга' }, attempts: 0 });
    expect(await row(a)).toMatchObject({
      status: 'done',
      attempts: 1,
      application_id: applicationId,
      client_id: clientId,
    });
    expect((await row(b)).status).toBe('done');
    seen.length = 0;
    await worker.drain();
    expect(seen).toEqual([]);
  });

  it('holds a message without consent and destroys held messages past their hold', async () => {
    next = async () => ({ kind: 'held', threadKey: 'thread-held' });
    const id = await receive();
    await worker.drain();
    expect((await row(id)).status).toBe('held');
    await db().q(`UPDATE inbound_messages SET hold_until = now() - interval '1 second' WHERE id = $1`, [id]);
    // the sweep runs at most once a minute per worker: a new worker sweeps at once
    const registry = new InboundAdapterRegistry();
    const sweeper = new InboundMessageWorker(
      db().uow,
      kit.inbound,
      registry,
      null as unknown as InboundIntake,
      new InboundSignals(),
      kit.config,
    );
    await sweeper.drain();
    expect(await db().q(`SELECT id FROM inbound_messages WHERE id = $1`, [id])).toEqual([]);
  });

  it('marks an ignored message done without an application', async () => {
    next = async () => ({ kind: 'ignored' });
    const id = await receive();
    await worker.drain();
    expect(await row(id)).toMatchObject({ status: 'done', application_id: null });
  });

  it('rolls the work back on failure, backs off (retry_after when the provider gives one) and parks after the last attempt', async () => {
    next = async () => {
      await db().uow.sql(
        `INSERT INTO inbound_references (integration_id, reference, application_id) VALUES ($1, 'half-done', $2)`,
        [integrationId, uuidv7()],
      );
      throw new BotApiError(429, 'Too Many Requests', 42);
    };
    const id = await receive();
    await worker.drain();
    let r = await row(id);
    expect(r).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Too Many Requests' });
    expect(r.wait).toBeGreaterThanOrEqual(40);
    expect(await db().q(`SELECT 1 FROM inbound_references WHERE reference = 'half-done'`)).toEqual([]);

    next = async () => {
      throw new Error('boom');
    };
    await db().q(`UPDATE inbound_messages SET next_attempt_at = now(), attempts = $2 WHERE id = $1`, [
      id,
      INBOUND_MAX_ATTEMPTS - 1,
    ]);
    await worker.drain();
    r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: INBOUND_MAX_ATTEMPTS, last_error: 'boom' });
  });

  it('fails a message of a channel without an adapter (and retries it later)', async () => {
    const id = await receive({ channel: 'nowhere' });
    await worker.drain();
    const r = await row(id);
    expect(r).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'no inbound adapter for channel nowhere',
    });
    expect(r.wait).toBeGreaterThanOrEqual(1);
  });
});
