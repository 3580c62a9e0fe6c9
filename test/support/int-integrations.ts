import { WebhookIntegrationCache } from '../../src/modules/integrations/infrastructure/webhook-integration.cache';
import type { CommandBus } from '@nestjs/cqrs';
import { Telegraf } from 'telegraf';
import type { AppConfig } from '../../src/config/app-config';
import { uuidv7 } from '../../src/shared/domain/uuid';
import { InboundSignals } from '../../src/modules/integrations/application/inbound/inbound-signals';
import { IntegrationSecretsCodec } from '../../src/modules/integrations/application/services/integration-secrets';
import { TelegramSignals } from '../../src/modules/integrations/application/services/telegram-signals';
import { Integration, type IntegrationProps } from '../../src/modules/integrations/domain/integration';
import { SqlIntegrationRepository } from '../../src/modules/integrations/infrastructure/sql-integration.repository';
import { TelegrafBotGateway } from '../../src/modules/integrations/infrastructure/telegraf-bot.gateway';
import type { TelegramUpdateTranslator } from '../../src/modules/integrations/infrastructure/telegram-update-translator';
import type { InboundMessage } from '../../src/modules/integrations/application/inbound/inbound-message.port';
import type { IntDb } from './int-db';
import { testCipher } from './int-fixtures';
import { SqlInboundMessageStore } from '../../src/modules/integrations/infrastructure/sql-inbound-message.store';
import { SqlTelegramStore } from '../../src/modules/integrations/infrastructure/sql-telegram.store';

/** A WhatsApp text message to `integrationId` as the adapters hand it to the inbound store; a fresh provider id each call. */
export function inboundMessage(integrationId: string, over: Partial<InboundMessage> = {}): InboundMessage {
  return {
    channel: 'whatsapp',
    integrationId,
    providerMessageId: `wamid.${uuidv7()}`,
    sender: '79001234567',
    contact: { name: 'Фомин Фёдор', phone: '+79001234567' },
    text: 'Хочу в Стамбул',
    attachments: [],
    replyTo: null,
    threadKey: '79001234567',
    receivedAt: '2026-11-30T10:00:00.000Z',
    ...over,
  };
}

/** The command bus as the workers see it: records what they send (the commands are other specs' business). */
export class RecordingCommandBus {
  readonly executed: unknown[] = [];
  failWith: Error | null = null;
  execute = async (command: unknown): Promise<unknown> => {
    this.executed.push(command);
    if (this.failWith) throw this.failWith;
    return undefined;
  };
  asBus(): CommandBus {
    return this as unknown as CommandBus;
  }
}

/** The integrations module's real stores and codecs on an int-spec database. */
export function integrationsKit(db: IntDb, config: Partial<AppConfig> = {}) {
  const cipher = testCipher('k1');
  const codec = new IntegrationSecretsCodec(cipher);
  const telegramSignals = new TelegramSignals();
  const inboundSignals = new InboundSignals();
  const inbound = new SqlInboundMessageStore(db.uow, cipher, inboundSignals);
  const store = new SqlTelegramStore(db.uow, codec, telegramSignals, inbound);
  const integrations = new SqlIntegrationRepository(
    db.uow,
    codec,
    new WebhookIntegrationCache(db.uow, codec),
  );
  const appConfig = {
    outbox: { pollIntervalMs: 60_000, maxAttempts: 5, batchSize: 50, retryBaseMs: 100, retryMaxMs: 1000 },
    telegramUpdates: 'polling',
    ...config,
  } as AppConfig;
  const gateway = (apiRoot: string) =>
    new TelegrafBotGateway(
      { ...appConfig, telegramApiRoot: apiRoot } as AppConfig,
      new Telegraf('0:dispatcher'),
      { translationOf: () => ({ kind: 'ignored' }) } as unknown as TelegramUpdateTranslator,
    );

  async function addIntegration(over: Partial<IntegrationProps> = {}): Promise<Integration> {
    const now = new Date();
    const i = Integration.reconstitute(uuidv7(), 0, {
      type: 'telegram',
      purpose: 'sales',
      botName: `bot_${uuidv7().slice(-6)}`,
      secrets: { apiToken: '1:AAunused', webhookSecret: 'hook' },
      settings: {},
      tokenFingerprint: 'abcd',
      isActive: true,
      lastConnectedAt: now,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      createdBy: null,
      updatedBy: null,
      ...over,
    });
    await integrations.insert(i);
    return (await integrations.findById(i.id))!;
  }

  return {
    cipher,
    codec,
    telegramSignals,
    inboundSignals,
    inbound,
    store,
    integrations,
    config: appConfig,
    gateway,
    addIntegration,
  };
}
