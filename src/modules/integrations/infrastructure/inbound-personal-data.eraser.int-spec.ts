import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createDataSource } from '../../../shared/database/data-source.factory';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { InboundPersonalDataEraser } from './inbound-personal-data.eraser';

describe('InboundPersonalDataEraser on the migrated schema', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let uow: UnitOfWork;
  let integrationId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolMax: 2 });
    await ds.initialize();
    uow = new UnitOfWork(ds);
    integrationId = randomUUID();
    await ds.query(
      `INSERT INTO integration_settings (id, type, purpose, bot_name, api_token_encrypted,
                                         webhook_secret_encrypted, key_id, token_fingerprint)
       VALUES ($1, 'telegram', 'sales', 'eraser_bot', 'sealed', 'sealed', 'k1', 'abcd')`,
      [integrationId],
    );
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function message(opts: {
    applicationId?: string;
    clientId?: string;
    thread: string;
    status?: string;
  }) {
    const held = opts.status === 'held';
    await ds.query(
      `INSERT INTO inbound_messages (id, channel, integration_id, provider_message_id, thread_hash, body, key_id,
                                     status, hold_until, application_id, client_id)
       VALUES ($1, 'telegram', $2, $3, $4, 'sealed', 'k1', $5, $6, $7, $8)`,
      [
        randomUUID(),
        integrationId,
        randomUUID(),
        opts.thread,
        opts.status ?? 'done',
        held ? new Date(Date.now() + 3_600_000).toISOString() : null,
        opts.applicationId ?? null,
        opts.clientId ?? null,
      ],
    );
  }

  it('erases the messages, held messages of the same thread and the conversation of a person when destroyed', async () => {
    const applicationId = randomUUID();
    const clientId = randomUUID();
    await message({ applicationId, thread: 'thread-a' });
    await message({ thread: 'thread-a', status: 'held' });
    await message({ clientId, thread: 'thread-b' });
    await message({ applicationId: randomUUID(), thread: 'thread-other' });
    await ds.query(
      `INSERT INTO inbound_conversations (integration_id, thread_hash, channel, application_id, client_id)
       VALUES ($1, 'thread-a', 'telegram', $2, NULL), ($1, 'thread-other', 'telegram', $3, NULL)`,
      [integrationId, applicationId, randomUUID()],
    );
    await ds.query(
      `INSERT INTO inbound_references (integration_id, reference, application_id) VALUES ($1, 'ref-a', $2)`,
      [integrationId, applicationId],
    );

    const report = await uow.run(() =>
      new InboundPersonalDataEraser(uow).erasePersonalData({
        destructionId: randomUUID(),
        clientId,
        pseudonym: 'Клиент №1',
        values: new Set(),
        applicationIds: [applicationId],
        channelRefs: [],
      }),
    );

    expect(report.counts).toEqual({ inboundMessages: 3, inboundConversations: 1 });
    const left = await ds.query(`SELECT thread_hash FROM inbound_messages ORDER BY thread_hash`);
    expect(left).toEqual([{ thread_hash: 'thread-other' }]);
    const conversations = await ds.query(`SELECT thread_hash FROM inbound_conversations`);
    expect(conversations).toEqual([{ thread_hash: 'thread-other' }]);
    expect(
      await ds.query(`SELECT * FROM inbound_references WHERE application_id = $1`, [applicationId]),
    ).toEqual([]);
    expect(report.categories[0]).toContain('входящие сообщения');
  });
});
