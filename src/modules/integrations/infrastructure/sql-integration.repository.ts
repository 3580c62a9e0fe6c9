import { Injectable } from '@nestjs/common';
import { SealsColumns } from '../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { ConcurrencyError } from '../../../shared/domain/domain-error';
import { IntegrationSecretsCodec } from '../application/services/integration-secrets';
import {
  Integration,
  type IntegrationPurpose,
  type IntegrationSecrets,
  type IntegrationSettings,
  type IntegrationType,
} from '../domain/integration';
import type { IntegrationRepository } from '../domain/integration.repository.port';
import { WebhookIntegrationCache } from './webhook-integration.cache';

interface IntegrationRow {
  id: string;
  type: IntegrationType;
  purpose: IntegrationPurpose;
  bot_name: string;
  api_token_encrypted: string;
  webhook_secret_encrypted: string;
  channel_secrets_encrypted: string | null;
  settings: IntegrationSettings | null;
  token_fingerprint: string;
  is_active: boolean;
  last_connected_at: Date | null;
  last_error: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `id, type, purpose, bot_name, api_token_encrypted, webhook_secret_encrypted, channel_secrets_encrypted,
  settings, token_fingerprint,
  is_active, last_connected_at, last_error, created_by, updated_by, created_at, updated_at, version`;

/** Integration settings in PostgreSQL; the token and the webhook secret sealed by {@link IntegrationSecretsCodec}. */
@Injectable()
@SealsColumns([
  {
    table: 'integration_settings',
    column: 'api_token_encrypted',
    keyIdColumn: 'key_id',
    aad: IntegrationSecretsCodec.tokenAad,
  },
  {
    table: 'integration_settings',
    column: 'webhook_secret_encrypted',
    aad: IntegrationSecretsCodec.secretAad,
  },
  {
    table: 'integration_settings',
    column: 'channel_secrets_encrypted',
    aad: IntegrationSecretsCodec.channelSecretsAad,
  },
])
export class SqlIntegrationRepository implements IntegrationRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
    private readonly webhookCache: WebhookIntegrationCache,
  ) {}

  /** The webhooks' cached view of the integration is dropped now and once the change commits. */
  private changed(id: string): void {
    this.webhookCache.invalidate(id);
    this.uow.afterCommit(() => this.webhookCache.invalidate(id));
  }

  async findById(id: string): Promise<Integration | null> {
    const [row] = await this.uow.rows<IntegrationRow>(
      `SELECT ${COLUMNS} FROM integration_settings WHERE id = $1`,
      [id],
    );
    return row ? this.toDomain(row) : null;
  }

  async findByIdForUpdate(id: string): Promise<Integration | null> {
    const [row] = await this.uow.rows<IntegrationRow>(
      `SELECT ${COLUMNS} FROM integration_settings WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? this.toDomain(row) : null;
  }

  async insert(i: Integration): Promise<void> {
    const p = i.snapshot();
    await this.uow.sql(
      `INSERT INTO integration_settings (id, type, purpose, bot_name, api_token_encrypted, webhook_secret_encrypted,
         key_id, token_fingerprint, is_active, last_connected_at, last_error, created_by, updated_by, created_at,
         updated_at, version, channel_secrets_encrypted, settings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb)`,
      [
        i.id,
        p.type,
        p.purpose,
        p.botName,
        this.codec.sealToken(i.id, p.secrets.apiToken),
        this.codec.sealSecret(i.id, p.secrets.webhookSecret),
        this.codec.keyId,
        p.tokenFingerprint,
        p.isActive,
        p.lastConnectedAt,
        p.lastError,
        p.createdBy,
        p.updatedBy,
        p.createdAt,
        p.updatedAt,
        i.nextVersion,
        this.sealChannel(i.id, p.secrets),
        JSON.stringify(p.settings ?? {}),
      ],
    );
    this.changed(i.id);
  }

  /** Saves the whole integration, secrets re-sealed under the current key. */
  async update(i: Integration): Promise<void> {
    const p = i.snapshot();
    const r = await this.uow.sql(
      `UPDATE integration_settings SET bot_name = $3, is_active = $4, last_connected_at = $5, last_error = $6,
              updated_by = $7, updated_at = $8, version = $9, api_token_encrypted = $10,
              webhook_secret_encrypted = $11, key_id = $12, token_fingerprint = $13, channel_secrets_encrypted = $14
        WHERE id = $1 AND version = $2`,
      [
        i.id,
        i.version,
        p.botName,
        p.isActive,
        p.lastConnectedAt,
        p.lastError,
        p.updatedBy,
        p.updatedAt,
        i.nextVersion,
        this.codec.sealToken(i.id, p.secrets.apiToken),
        this.codec.sealSecret(i.id, p.secrets.webhookSecret),
        this.codec.keyId,
        p.tokenFingerprint,
        this.sealChannel(i.id, p.secrets),
      ],
    );
    if (r.rowCount !== 1) throw new ConcurrencyError('integration', i.id, null);
    this.changed(i.id);
  }

  private sealChannel(id: string, s: IntegrationSecrets): string | null {
    if (s.appSecret === undefined && s.phoneNumberId === undefined) return null;
    return this.codec.sealChannelSecrets(id, {
      appSecret: s.appSecret ?? '',
      phoneNumberId: s.phoneNumberId ?? '',
    });
  }

  private toDomain(row: IntegrationRow): Integration {
    const channel =
      row.channel_secrets_encrypted === null
        ? {}
        : this.codec.openChannelSecrets(row.id, row.channel_secrets_encrypted);
    return Integration.reconstitute(row.id, row.version, {
      type: row.type,
      purpose: row.purpose,
      botName: row.bot_name,
      secrets: {
        apiToken: this.codec.openToken(row.id, row.api_token_encrypted),
        webhookSecret: this.codec.openSecret(row.id, row.webhook_secret_encrypted),
        ...channel,
      },
      settings: row.settings ?? {},
      tokenFingerprint: row.token_fingerprint,
      isActive: row.is_active,
      lastConnectedAt: row.last_connected_at,
      lastError: row.last_error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
    });
  }

  async activeBotNames(purpose: Integration['purpose']): Promise<string[]> {
    const bots = await this.uow.rows<{ bot_name: string }>(
      `SELECT bot_name FROM integration_settings WHERE is_active AND purpose = $1 ORDER BY id`,
      [purpose],
    );
    return bots.map((b) => b.bot_name);
  }
}
