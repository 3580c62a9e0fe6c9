import { Body, Controller, HttpCode, Ip, Post, UseGuards, Headers } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { SubmitWebIntakeCommand } from '../application/commands/submit-web-intake/submit-web-intake.command';
import { WebIntakeAcceptedDto, WebIntakeDto } from './application.dto';
import { WebIntakeRateLimitGuard } from './web-intake-rate-limit.guard';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('intake')
@Controller('intake')
export class WebIntakeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('web')
  @Public()
  @HttpCode(202)
  @UseGuards(WebIntakeRateLimitGuard)
  @ApiProblems('COMMON.RATE_LIMITED')
  @ApiOperation({
    operationId: 'submitWebIntake',
    summary:
      'The public web form (no auth): becomes a `web` application. Consent is required (422); ' +
      'rate-limited per IP (429 with Retry-After)',
  })
  @ApiAcceptedResponse({ type: WebIntakeAcceptedDto })
  async submit(
    @Body() dto: WebIntakeDto,
    @Ip() ip: string,
    @Headers('user-agent') userAgent: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<WebIntakeAcceptedDto> {
    // the same answer whether stored or dropped by the honeypot, so a bot learns nothing
    await this.commands.execute(
      new SubmitWebIntakeCommand(dto, actor, { ip: ip ?? null, userAgent: userAgent?.slice(0, 300) ?? null }),
    );
    return { status: 'accepted' };
  }
}
