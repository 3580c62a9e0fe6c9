import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { HttpReply as Response } from '../../../shared/http/http-types';
import { Public } from '../../../shared/auth/decorators';
import type { HttpRequest as RequestWithRawBody } from '../../../shared/http/http-types';
import { IdParam } from '../../../shared/http/id-param';
import { ReceiveWhatsAppWebhookCommand } from '../application/commands/receive-whatsapp-webhook/receive-whatsapp-webhook.command';
import { WhatsAppHandshakeQuery } from '../application/queries/whatsapp-handshake/whatsapp-handshake.query';
import { WebhookAckDto } from './integration.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('integrations')
@Controller('integrations/whatsapp')
export class WhatsAppWebhookController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':integrationId/webhook')
  @Public()
  @ApiProblems('COMMON.FORBIDDEN')
  @ApiOperation({
    operationId: 'whatsappWebhookVerify',
    summary:
      'Meta’s webhook verification: hub.mode=subscribe and the number’s verify token → 200 with hub.challenge ' +
      'as text/plain; anything else → 403',
  })
  @ApiQuery({ name: 'hub.mode', required: true, example: 'subscribe' })
  @ApiQuery({ name: 'hub.verify_token', required: true })
  @ApiQuery({ name: 'hub.challenge', required: true, example: '1158201444' })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string', example: '1158201444' } } } })
  async verify(
    @IdParam('integrationId') integrationId: string,
    @Query('hub.mode') mode: string | undefined,
    @Query('hub.verify_token') token: string | undefined,
    @Query('hub.challenge') challenge: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const answer = await this.queries.execute(
      new WhatsAppHandshakeQuery(integrationId, str(mode), str(token), str(challenge)),
    );
    res.status(200).type('text/plain').send(answer);
  }

  @Post(':integrationId/webhook')
  @Public()
  @HttpCode(200)
  @ApiProblems('COMMON.UNAUTHORIZED')
  @ApiOperation({
    operationId: 'whatsappWebhook',
    summary:
      'Meta delivers a number’s messages and statuses here (no JWT: 401 and nothing stored unless ' +
      'X-Hub-Signature-256 is the HMAC-SHA256 of the raw body under the app secret). Each message is stored ' +
      'once per wamid and acknowledged; it is processed in the background',
  })
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, example: 'sha256=6f1c…' })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        object: { type: 'string', example: 'whatsapp_business_account' },
        entry: { type: 'array' },
      },
    },
  })
  @ApiOkResponse({ type: WebhookAckDto })
  async receive(
    @IdParam('integrationId') integrationId: string,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Req() req: RequestWithRawBody,
  ): Promise<WebhookAckDto> {
    await this.commands.execute(
      new ReceiveWhatsAppWebhookCommand(
        integrationId,
        signature,
        req.rawBody ?? Buffer.alloc(0),
        req.rawBody ? (req.body as unknown) : undefined,
      ),
    );
    return { ok: true };
  }
}

/** A repeated query parameter arrives as an array: only a single string counts. */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
