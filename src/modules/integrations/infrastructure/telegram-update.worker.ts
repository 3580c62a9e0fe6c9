import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../../shared/domain/actor';
import { HandleTelegramUpdateCommand } from '../application/commands/handle-telegram-update/handle-telegram-update.command';
import { RecordIntegrationFailureCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import { BotApiError } from '../application/ports/bot-gateway.port';
import { scrubToken } from '../application/services/integration-secrets';
import { TelegramSignals } from '../application/services/telegram-signals';
import { PollingWorker } from '../../../shared/runtime/polling-worker';

export const UPDATE_MAX_ATTEMPTS = 5;

/**
 * Processes stored webhook updates: claims one at a time with `FOR UPDATE SKIP LOCKED` (replicas
 * never take the same update) and runs HandleTelegramUpdateCommand in the claiming transaction,
 * so the effect and the `done` mark commit together. A failure is retried with backoff, then parked.
 */
@Injectable()
export class TelegramUpdateWorker extends PollingWorker {
  protected readonly logger = new Logger('TelegramUpdates');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly commands: CommandBus,
    signals: TelegramSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    signals.onUpdates(() => this.kick());
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    let claimed: { integration_id: string; update_id: string; attempts: number } | undefined;
    try {
      return await this.uow.run(async () => {
        [claimed] = await this.uow.rows<{ integration_id: string; update_id: string; attempts: number }>(
          `SELECT integration_id, update_id, attempts FROM telegram_updates
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, received_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!claimed) return false;
        await this.commands.execute(
          new HandleTelegramUpdateCommand(claimed.integration_id, Number(claimed.update_id)),
        );
        await this.uow.sql(
          `UPDATE telegram_updates SET status = 'done', processed_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE integration_id = $1 AND update_id = $2`,
          [claimed.integration_id, claimed.update_id],
        );
        return true;
      });
    } catch (err) {
      if (!claimed) throw err;
      const attempts = claimed.attempts + 1;
      const message = scrubToken((err as Error).message ?? String(err)).slice(0, 500);
      const delaySeconds =
        err instanceof BotApiError && err.retryAfterSeconds ? err.retryAfterSeconds : 2 ** attempts;
      await this.uow.sql(
        `UPDATE telegram_updates SET attempts = $3, status = $4, last_error = $5,
                next_attempt_at = now() + make_interval(secs => $6)
          WHERE integration_id = $1 AND update_id = $2`,
        [
          claimed.integration_id,
          claimed.update_id,
          attempts,
          attempts >= UPDATE_MAX_ATTEMPTS ? 'failed' : 'pending',
          message,
          delaySeconds,
        ],
      );
      this.logger.warn(
        `update ${claimed.update_id} of integration ${claimed.integration_id} failed: ${message}`,
      );
      if (err instanceof BotApiError && err.tokenRejected) {
        await this.commands.execute(
          new RecordIntegrationFailureCommand(claimed.integration_id, message, SYSTEM_ACTOR),
        );
      }
      return true;
    }
  }
}
