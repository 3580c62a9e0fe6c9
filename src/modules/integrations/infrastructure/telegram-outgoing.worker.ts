import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../../shared/domain/actor';
import { RecordIntegrationFailureCommand } from '../application/commands/set-integration-active/set-integration-active.command';
import {
  BOT_GATEWAY,
  BotApiError,
  type BotGateway,
  type BotMessage,
} from '../application/ports/bot-gateway.port';
import { IntegrationSecretsCodec, scrubToken } from '../application/services/integration-secrets';
import { TelegramSignals } from '../application/services/telegram-signals';
import { outgoingAad } from '../application/ports/telegram-store.port';
import { InboundMessageStore } from '../application/ports/inbound-message.store.port';
import { WhatsAppSender } from '../application/services/whatsapp-sender';
import type { Integration } from '../domain/integration';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../domain/integration.repository.port';
import { PollingWorker } from '../../../shared/runtime/polling-worker';

export const OUTGOING_MAX_ATTEMPTS = 8;
const BATCH = 20;

interface OutgoingRow {
  id: string;
  integration_id: string;
  chat_id: string;
  body: string;
  attempts: number;
  stale: boolean;
}

/**
 * Sends the outgoing queue (Telegram bots and WhatsApp numbers alike; a WhatsApp row's chat id is
 * the customer's wa_id). Rows are claimed with `FOR UPDATE SKIP LOCKED` and marked sent in the
 * same transaction as the send, so no two replicas send one message. A 429 postpones the bot's
 * messages by Telegram's `retry_after`; a refused token stops the integration (`lastError`);
 * other failures back off exponentially and are parked after {@link OUTGOING_MAX_ATTEMPTS}.
 */
@Injectable()
export class TelegramOutgoingWorker extends PollingWorker {
  protected readonly logger = new Logger('TelegramOutgoing');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly commands: CommandBus,
    private readonly codec: IntegrationSecretsCodec,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    private readonly whatsapp: WhatsAppSender,
    private readonly inbound: InboundMessageStore,
    signals: TelegramSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    signals.onMessages(() => this.kick());
  }

  protected intervalMs(): number {
    return this.config.outbox.pollIntervalMs;
  }

  protected async round(): Promise<boolean> {
    const refused = new Map<string, string>();
    const count = await this.uow.run(async () => {
      const rows = await this.uow.rows<OutgoingRow>(
        `SELECT id, integration_id, chat_id, body, attempts, created_at < now() - interval '1 day' AS stale
           FROM telegram_outgoing
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      const running = new Map<string, Integration | null>();
      const throttled = new Map<string, number>();
      for (const row of rows) {
        if (!running.has(row.integration_id)) {
          const i = await this.integrations.findById(row.integration_id);
          running.set(row.integration_id, i && i.isActive ? i : null);
        }
        const integration = running.get(row.integration_id) ?? null;
        const token = integration?.secrets.apiToken ?? null;
        const wait = throttled.get(row.integration_id);
        if (!token || wait !== undefined || refused.has(row.integration_id)) {
          // a stopped bot's messages wait for it (a day at most); a throttled bot's wait out retry_after
          await this.postpone(
            row,
            wait ?? 60,
            row.attempts,
            wait === undefined ? 'the bot is not running' : null,
            row.stale,
          );
          continue;
        }
        try {
          const message = this.codec.open<BotMessage>(row.body, outgoingAad(row.id));
          let providerId: string | null = null;
          if (integration?.type === 'whatsapp')
            providerId = await this.whatsapp.send(integration, row.chat_id, message);
          else await this.gateway.send(token, Number(row.chat_id), message);
          await this.uow.sql(
            `UPDATE telegram_outgoing SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL,
                    provider_message_id = $2
              WHERE id = $1`,
            [row.id, providerId],
          );
          if (providerId && message.applicationId) {
            // the customer's answer to this message (context.id) joins the application
            await this.inbound.addReference(row.integration_id, providerId, message.applicationId);
          }
        } catch (err) {
          const e =
            err instanceof BotApiError
              ? err
              : new BotApiError(0, scrubToken(String((err as Error).message), token));
          if (e.code === 429) {
            const seconds = e.retryAfterSeconds ?? 1;
            throttled.set(row.integration_id, seconds);
            await this.postpone(row, seconds, row.attempts + 1, e.message);
          } else if (e.tokenRejected) {
            refused.set(row.integration_id, e.message);
            await this.postpone(row, 60, row.attempts + 1, e.message);
          } else {
            const attempts = row.attempts + 1;
            await this.postpone(
              row,
              Math.min(2 ** attempts, 3600),
              attempts,
              e.message,
              attempts >= OUTGOING_MAX_ATTEMPTS,
            );
          }
          this.logger.warn(`message ${row.id} to integration ${row.integration_id} not sent: ${e.message}`);
        }
      }
      return rows.length;
    });
    for (const [id, error] of refused) {
      await this.commands.execute(new RecordIntegrationFailureCommand(id, error, SYSTEM_ACTOR));
    }
    return count === BATCH;
  }

  private async postpone(
    row: OutgoingRow,
    seconds: number,
    attempts: number,
    error: string | null,
    park = false,
  ): Promise<void> {
    // counted from now, after the refusal came back (clock_timestamp), not from the batch's
    // transaction start (now()): a 429's retry_after is honoured in full
    await this.uow.sql(
      `UPDATE telegram_outgoing SET attempts = $2, status = $3, last_error = COALESCE($4, last_error),
              next_attempt_at = clock_timestamp() + make_interval(secs => $5)
        WHERE id = $1`,
      [row.id, attempts, park ? 'failed' : 'pending', error, seconds],
    );
  }
}
