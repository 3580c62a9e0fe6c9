import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { FieldCipher } from '../../../shared/crypto/field-cipher';
import { createDataSource } from '../../../shared/database/data-source.factory';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { IntegrationSecretsCodec } from '../application/services/integration-secrets';
import { SqlIntegrationRepository } from './sql-integration.repository';
import { WebhookIntegrationCache } from './webhook-integration.cache';

describe('WebhookIntegrationCache on the migrated schema', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let uow: UnitOfWork;
  const codec = new IntegrationSecretsCodec(new FieldCipher([{ id: 'k1', key: Buffer.alloc(32, 7) }]));

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolMax: 2 });
    await ds.initialize();
    uow = new UnitOfWork(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  async function addWhatsApp(appSecret: string, active = true): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO integration_settings (id, type, purpose, bot_name, api_token_encrypted, webhook_secret_encrypted,
                                         channel_secrets_encrypted, key_id, token_fingerprint, is_active)
       VALUES ($1, 'whatsapp', 'sales', 'Номер', $2, $3, $4, 'k1', 'abcd', $5)`,
      [
        id,
        codec.sealToken(id, 'EAAtoken'),
        codec.sealSecret(id, 'verify-token'),
        codec.sealChannelSecrets(id, { appSecret, phoneNumberId: '1065' }),
        active,
      ],
    );
    return id;
  }

  it('opens the secrets once and answers later deliveries from memory until the TTL runs out', async () => {
    const cache = new WebhookIntegrationCache(uow, codec);
    let clock = 1_000_000;
    cache.now = () => clock;
    const reads = jest.spyOn(uow, 'rows');
    const id = await addWhatsApp('app-secret-1');
    expect(await cache.get(id)).toEqual({
      id,
      type: 'whatsapp',
      purpose: 'sales',
      isActive: true,
      webhookSecret: 'verify-token',
      appSecret: 'app-secret-1',
    });
    // concurrent deliveries share one read
    reads.mockClear();
    cache.invalidate(id);
    const [a, b, c] = await Promise.all([cache.get(id), cache.get(id), cache.get(id)]);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    // a change made behind its back (another replica) shows once the TTL is over
    await ds.query(`UPDATE integration_settings SET is_active = false WHERE id = $1`, [id]);
    clock += WebhookIntegrationCache.TTL_MS - 1;
    expect((await cache.get(id))?.isActive).toBe(true);
    clock += 2;
    expect((await cache.get(id))?.isActive).toBe(false);
    reads.mockRestore();
  });

  it('remembers an unknown id as null (no query per delivery) and bounds its size', async () => {
    const cache = new WebhookIntegrationCache(uow, codec);
    const reads = jest.spyOn(uow, 'rows');
    const unknown = randomUUID();
    expect(await cache.get(unknown)).toBeNull();
    expect(await cache.get(unknown)).toBeNull();
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it('is invalidated when the integration is saved through the repository (at commit)', async () => {
    const cache = new WebhookIntegrationCache(uow, codec);
    const repo = new SqlIntegrationRepository(uow, codec, cache);
    const id = await addWhatsApp('app-secret-1');
    expect((await cache.get(id))?.isActive).toBe(true);
    await uow.run(async () => {
      const integration = (await repo.findByIdForUpdate(id))!;
      integration.deactivate({ by: null, now: new Date() });
      await repo.update(integration);
    });
    expect((await cache.get(id))?.isActive).toBe(false);
  });

  it('does not cache a read that raced with an invalidation', async () => {
    const cache = new WebhookIntegrationCache(uow, codec);
    const id = await addWhatsApp('old-secret');
    const racing = cache.get(id);
    await ds.query(`UPDATE integration_settings SET channel_secrets_encrypted = $2 WHERE id = $1`, [
      id,
      codec.sealChannelSecrets(id, { appSecret: 'new-secret', phoneNumberId: '1065' }),
    ]);
    cache.invalidate(id);
    await racing;
    expect((await cache.get(id))?.appSecret).toBe('new-secret');
  });
});
