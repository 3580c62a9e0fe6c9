import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../shared/auth/decorators';
import { IdParam } from '../../../shared/http/id-param';
import { ReceiveTelegramUpdateCommand } from '../application/commands/receive-telegram-update/receive-telegram-update.command';
import { WebhookAckDto } from './integration.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('integrations')
@Controller('integrations/telegram')
export class TelegramWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':integrationId/webhook')
  @Public()
  @HttpCode(200)
  @ApiProblems('COMMON.FORBIDDEN')
  @ApiOperation({
    operationId: 'telegramWebhook',
    summary:
      'Telegram delivers a bot’s updates here (no JWT: 403 unless X-Telegram-Bot-Api-Secret-Token matches). ' +
      'The update is stored once per update_id and acknowledged; it is processed in the background',
  })
  @ApiHeader({ name: 'X-Telegram-Bot-Api-Secret-Token', required: true })
  @ApiBody({
    schema: { type: 'object', properties: { update_id: { type: 'integer' } }, required: ['update_id'] },
  })
  @ApiOkResponse({ type: WebhookAckDto })
  async receive(
    @IdParam('integrationId') integrationId: string,
    @Headers('x-telegram-bot-api-secret-token') secret: string | undefined,
    @Body() update: Record<string, unknown>,
  ): Promise<WebhookAckDto> {
    await this.commands.execute(new ReceiveTelegramUpdateCommand(integrationId, secret, update ?? {}));
    return { ok: true };
  }
}
