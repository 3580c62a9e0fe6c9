import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../../../shared/domain/actor';
import { INTEGRATION_REPOSITORY, type IntegrationRepository } from '../../domain/integration.repository.port';
import type { InboundOutcome } from '../inbound/inbound-message.port';
import { BOT_GATEWAY, type BotGateway } from '../ports/bot-gateway.port';
import { SalesBot } from './sales-bot';
import { StaffBots } from './staff-bots';

/**
 * Processes one Telegram update (in the caller's transaction): the bot's purpose decides — sales
 * bots turn messages into applications (holding them until consent), operator and supplier bots
 * link accounts and take button presses. Replies go to the outgoing queue.
 */
@Injectable()
export class TelegramUpdateProcessor {
  constructor(
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    @Inject(BOT_GATEWAY) private readonly gateway: BotGateway,
    private readonly sales: SalesBot,
    private readonly staff: StaffBots,
  ) {}

  async process(
    integrationId: string,
    update: Record<string, unknown>,
    correlationId: string,
  ): Promise<InboundOutcome> {
    const integration = await this.integrations.findById(integrationId);
    if (!integration) return { kind: 'ignored' };
    const token = integration.secrets.apiToken;
    const incoming = await this.gateway.translate(integrationId, token, update);
    if (incoming.kind === 'other') return { kind: 'ignored' };
    const bot = { id: integrationId, token, botName: integration.botName };
    const actor: Actor = { userId: null, role: 'system', correlationId };
    if (integration.purpose === 'sales')
      return (await this.sales.handle(bot, incoming, actor)) ?? { kind: 'done' };
    await this.staff.handle(integration.purpose, bot, incoming, actor);
    return { kind: 'done' };
  }
}
