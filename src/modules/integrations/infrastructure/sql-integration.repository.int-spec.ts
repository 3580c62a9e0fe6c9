import { WebhookIntegrationCache } from './webhook-integration.cache';
import { useIntDb } from '../../../../test/support/int-db';
import { testCipher } from '../../../../test/support/int-fixtures';
import { ConcurrencyError } from '../../../shared/domain/domain-error';
import { uuidv7 } from '../../../shared/domain/uuid';
import { IntegrationSecretsCodec } from '../application/services/integration-secrets';
import { Integration, type IntegrationProps } from '../domain/integration';
import { SqlIntegrationRepository } from './sql-integration.repository';

const now = new Date('2026-11-30T10:00:00.000Z');

describe('SqlIntegrationRepository on the migrated schema', () => {
  const db = useIntDb();
  const codec = new IntegrationSecretsCodec(testCipher('k1'));
  const repo = () =>
    new SqlIntegrationRepository(db().uow, codec, new WebhookIntegrationCache(db().uow, codec));

  const props = (over: Partial<IntegrationProps> = {}): IntegrationProps => ({
    type: 'telegram',
    purpose: 'sales',
    botName: `bot_${uuidv7().slice(-8)}`,
    secrets: { apiToken: '123456:AAAA-secret-token', webhookSecret: 'hook-secret' },
    settings: {},
    tokenFingerprint: 'beef',
    isActive: false,
    lastConnectedAt: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
    createdBy: null,
    updatedBy: null,
    ...over,
  });

  it('round-trips a Telegram integration with its secrets sealed', async () => {
    const i = Integration.reconstitute(uuidv7(), 0, props());
    await db().tx(() => repo().insert(i));
    const back = (await repo().findById(i.id))!;
    expect(back.version).toBe(1);
    expect(back.snapshot()).toEqual(i.snapshot());
    const [row] = await db().q<Record<string, string>>(
      `SELECT api_token_encrypted, webhook_secret_encrypted, channel_secrets_encrypted, key_id
         FROM integration_settings WHERE id = $1`,
      [i.id],
    );
    expect(row.key_id).toBe('k1');
    expect(JSON.stringify(row)).not.toContain('secret-token');
    expect(JSON.stringify(row)).not.toContain('hook-secret');
    expect(row.channel_secrets_encrypted).toBeNull();
    expect(await repo().findById(uuidv7())).toBeNull();
  });

  it('round-trips WhatsApp channel secrets and template settings', async () => {
    const i = Integration.reconstitute(
      uuidv7(),
      0,
      props({
        type: 'whatsapp',
        secrets: {
          apiToken: 'EAAG-token',
          webhookSecret: 'verify',
          appSecret: 'app-secret',
          phoneNumberId: '1055',
        },
        settings: { templateName: 'hello', templateLanguage: 'ru' },
      }),
    );
    await repo().insert(i);
    const back = (await db().tx(() => repo().findByIdForUpdate(i.id)))!;
    expect(back.snapshot().secrets).toEqual({
      apiToken: 'EAAG-token',
      webhookSecret: 'verify',
      appSecret: 'app-secret',
      phoneNumberId: '1055',
    });
    expect(back.snapshot().settings).toEqual({ templateName: 'hello', templateLanguage: 'ru' });
  });

  it('saves a state change with the version check and re-seals under the current key', async () => {
    const i = Integration.reconstitute(uuidv7(), 0, props());
    await repo().insert(i);
    const loaded = (await repo().findByIdForUpdate(i.id))!;
    const stale = (await repo().findById(i.id))!;
    loaded.activated('renamed_bot', { by: null, now });
    // a rotated key ring: new key first, the old one still readable
    const rotatedCodec = new IntegrationSecretsCodec(testCipher('k2', 'k1'));
    const rotated = new SqlIntegrationRepository(
      db().uow,
      rotatedCodec,
      new WebhookIntegrationCache(db().uow, rotatedCodec),
    );
    await rotated.update(loaded);
    const back = (await rotated.findById(i.id))!;
    expect(back.version).toBe(2);
    expect(back.snapshot()).toMatchObject({ botName: 'renamed_bot', isActive: true, lastError: null });
    expect(back.snapshot().secrets.apiToken).toBe('123456:AAAA-secret-token');
    const [{ key_id }] = await db().q<{ key_id: string }>(
      `SELECT key_id FROM integration_settings WHERE id = $1`,
      [i.id],
    );
    expect(key_id).toBe('k2');

    stale.connectionFailed('401 Unauthorized', { by: null, now });
    await expect(repo().update(stale)).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('names the active bots of a purpose in creation order', async () => {
    const purpose = 'suppliers';
    const a = Integration.reconstitute(uuidv7(), 0, props({ purpose, isActive: true }));
    const stopped = Integration.reconstitute(uuidv7(), 0, props({ purpose }));
    const b = Integration.reconstitute(uuidv7(), 0, props({ purpose, isActive: true }));
    await db().tx(async () => {
      for (const i of [a, stopped, b]) await repo().insert(i);
    });
    expect(await repo().activeBotNames(purpose)).toEqual([a.snapshot().botName, b.snapshot().botName]);
  });
});
