import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../../shared/domain/actor';
import { RecordIntegrationFailureCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import { BOT_GATEWAY, BotApiError, type BotGateway } from '../application/ports/bot-gateway.port';
import { TelegramStore } from '../application/ports/telegram-store.port';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../domain/integration.repository.port';
import { PollingWorker } from '../../../shared/runtime/polling-worker';

/**
 * TELEGRAM_UPDATES=polling (development without a public URL): asks each active bot for updates
 * with `getUpdates` from the next update id not yet stored, and stores them like the webhook does,
 * so the same worker processes them. One replica only (Telegram allows one getUpdates consumer).
 */
@Injectable()
export class TelegramPollingWorker extends PollingWorker {
  protected readonly logger = new Logger('TelegramPolling');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: TelegramStore,
    private readonly commands: CommandBus,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  override onApplicationBootstrap(): void {
    if (this.config.telegramUpdates === 'polling') super.onApplicationBootstrap();
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    const active = await this.uow.rows<{ id: string; next: string }>(
      `SELECT i.id, GREATEST(
                COALESCE((SELECT max(u.update_id) + 1 FROM telegram_updates u WHERE u.integration_id = i.id), 0),
                COALESCE((SELECT max(m.provider_message_id::bigint) + 1 FROM inbound_messages m
                           WHERE m.integration_id = i.id AND m.channel = 'telegram'), 0)) AS next
         FROM integration_settings i WHERE i.is_active AND i.type = 'telegram' ORDER BY i.id`,
    );
    for (const { id, next } of active) {
      const integration = await this.integrations.findById(id);
      if (!integration?.isActive) continue;
      try {
        const updates = await this.gateway.fetchUpdates(integration.secrets.apiToken, Number(next));
        for (const update of updates) {
          if (typeof update.update_id === 'number')
            await this.uow.run(() => this.store.storeUpdate(id, update));
        }
      } catch (err) {
        if (err instanceof BotApiError && err.tokenRejected) {
          await this.commands.execute(new RecordIntegrationFailureCommand(id, err.message, SYSTEM_ACTOR));
        } else this.logger.warn(`getUpdates failed for integration ${id}: ${(err as Error).message}`);
      }
    }
    return false;
  }
}
