import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { WebhookIntegration, WebhookIntegrations } from '../application/ports/webhook-integrations.port';
import { IntegrationSecretsCodec } from '../application/services/integration-secrets';

interface Entry {
  at: number;
  value: WebhookIntegration | null;
}

/**
 * The webhooks' view of an integration, read and opened once per id and kept in process so an
 * acknowledgement costs no lookup and no AES-GCM open: a change saved through this process
 * invalidates its entry at commit; other replicas see it within {@link WebhookIntegrationCache.TTL_MS}
 * (activation, a stopped number, a replaced token or app secret). Unknown ids are remembered too
 * (a flood of deliveries to a deleted integration costs no query each); the map is bounded.
 */
@Injectable()
export class WebhookIntegrationCache implements WebhookIntegrations {
  static readonly TTL_MS = 2_000;
  static readonly MAX_ENTRIES = 2_000;

  private readonly entries = new Map<string, Entry>();
  /** Loads in flight, shared by concurrent deliveries to the same id. */
  private readonly loading = new Map<string, Promise<WebhookIntegration | null>>();
  /** Bumped by every invalidation: a load that started before it is not cached. */
  private generation = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: IntegrationSecretsCodec,
  ) {}

  /** The clock (tests move it). */
  now: () => number = () => Date.now();

  async get(id: string): Promise<WebhookIntegration | null> {
    const hit = this.entries.get(id);
    if (hit && this.now() - hit.at < WebhookIntegrationCache.TTL_MS) return hit.value;
    const pending = this.loading.get(id);
    if (pending) return pending;
    const generation = this.generation;
    const load = this.load(id)
      .then((value) => {
        if (generation === this.generation) this.remember(id, value);
        return value;
      })
      .finally(() => this.loading.delete(id));
    this.loading.set(id, load);
    return load;
  }

  /** Forgets an integration now and in the loads in flight (call after the change commits). */
  invalidate(id: string): void {
    this.generation += 1;
    this.entries.delete(id);
    this.loading.delete(id);
  }

  private remember(id: string, value: WebhookIntegration | null): void {
    if (this.entries.size >= WebhookIntegrationCache.MAX_ENTRIES && !this.entries.has(id)) {
      // the oldest entry goes (Map keeps insertion order)
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(id);
    this.entries.set(id, { at: this.now(), value });
  }

  private async load(id: string): Promise<WebhookIntegration | null> {
    const [row] = await this.uow.rows<{
      type: string;
      purpose: string;
      is_active: boolean;
      secret: string;
      channel: string | null;
    }>(
      `SELECT type, purpose, is_active, webhook_secret_encrypted AS secret, channel_secrets_encrypted AS channel
         FROM integration_settings WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const channel = row.channel === null ? null : this.codec.openChannelSecrets(id, row.channel);
    return {
      id,
      type: row.type,
      purpose: row.purpose,
      isActive: row.is_active,
      webhookSecret: this.codec.openSecret(id, row.secret),
      appSecret:
        typeof channel?.appSecret === 'string' && channel.appSecret !== '' ? channel.appSecret : null,
    };
  }
}
