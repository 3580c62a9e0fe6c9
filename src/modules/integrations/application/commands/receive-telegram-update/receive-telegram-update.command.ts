import { Command } from '@nestjs/cqrs';

/**
 * A webhook delivery: checked against the integration's secret token (403 otherwise), stored
 * once per (integration, update_id) and acknowledged; the update is processed later by the
 * update worker, so a slow database or Bot API never makes Telegram retry.
 */
export class ReceiveTelegramUpdateCommand extends Command<{ duplicate: boolean }> {
  constructor(
    readonly integrationId: string,
    readonly secretToken: string | undefined,
    readonly update: Record<string, unknown>,
  ) {
    super();
  }
}
