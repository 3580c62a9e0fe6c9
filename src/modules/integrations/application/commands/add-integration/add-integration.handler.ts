import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { FieldCipher } from '../../../../../shared/crypto/field-cipher';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { RateLimiter } from '../../../../../shared/rate-limit/rate-limiter';
import { Integration } from '../../../domain/integration';
import {
  INTEGRATION_REPOSITORY,
  type IntegrationRepository,
} from '../../../domain/integration.repository.port';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { AddIntegrationCommand } from './add-integration.command';

/** Wrong admin passwords allowed per user and window before every attempt is refused (429). */
export const ADD_FAILURES_PER_WINDOW = 5;
export const ADD_WINDOW_SECONDS = 900;
const ADD_FAILURES_BUCKET = 'integrations.add.failures';

@CommandHandler(AddIntegrationCommand)
export class AddIntegrationHandler implements ICommandHandler<AddIntegrationCommand> {
  private readonly logger = new Logger('Integrations');

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    private readonly outbox: OutboxWriter,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, adminPassword, actor }: AddIntegrationCommand): Promise<{ id: string }> {
    const key = actor.userId ?? 'anonymous';
    const failures = await this.limiter.peek(ADD_FAILURES_BUCKET, key, ADD_WINDOW_SECONDS);
    if (failures.hits >= ADD_FAILURES_PER_WINDOW) {
      // locked out: even the right password is refused until the window ends
      throw new DomainError('COMMON.RATE_LIMITED', 'Too many wrong admin passwords; try again later', {
        retryAfterSeconds: failures.retryAfterSeconds,
      });
    }
    const expected = this.config.admin.password;
    if (
      expected === undefined ||
      typeof adminPassword !== 'string' ||
      !FieldCipher.safeEqual(adminPassword, expected)
    ) {
      // counted outside any transaction, so the refusal still counts
      await this.limiter.hit(ADD_FAILURES_BUCKET, key, ADD_FAILURES_PER_WINDOW, ADD_WINDOW_SECONDS);
      this.logger.warn(`integrations.add refused: wrong admin password (user ${key})`);
      throw new DomainError(
        'INTEGRATIONS.ADMIN_PASSWORD_REQUIRED',
        'adminPassword does not match ADMIN_PASSWORD',
      );
    }
    const id = uuidv7();
    const integration = Integration.add(
      id,
      {
        ...input,
        webhookSecret: IntegrationSecretsCodec.newWebhookSecret(),
        tokenFingerprint: IntegrationSecretsCodec.fingerprint(input.apiToken ?? ''),
      },
      { by: actor.userId, now: new Date() },
    );
    return this.uow.run(async () => {
      await this.integrations.insert(integration);
      await this.outbox.append(integration.pullEvents(), actor);
      return { id };
    });
  }
}
