import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type FieldError, ValidationError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { Integration, type IntegrationSettings } from '../../../domain/integration';
import { MAILBOX_STORE, type MailboxStore } from '../../../email/application/mailbox-store.port';
import { type MailboxSettings, parseMailboxSettings } from '../../../email/domain/mailbox-settings';
import {
  INTEGRATION_REPOSITORY,
  type IntegrationRepository,
} from '../../../domain/integration.repository.port';
import { AdminPasswordCheck } from '../../services/admin-password-check';
import { IntegrationSecretsCodec } from '../../services/integration-secrets';
import { AddIntegrationCommand } from './add-integration.command';

@CommandHandler(AddIntegrationCommand)
export class AddIntegrationHandler implements ICommandHandler<AddIntegrationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(INTEGRATION_REPOSITORY) private readonly integrations: IntegrationRepository,
    private readonly outbox: OutboxWriter,
    private readonly password: AdminPasswordCheck,
    @Inject(MAILBOX_STORE) private readonly mailboxes: MailboxStore,
  ) {}

  async execute({ input, adminPassword, actor }: AddIntegrationCommand): Promise<{ id: string }> {
    await this.password.assert(adminPassword, actor.userId);
    const id = uuidv7();
    const whatsapp = input.type === 'whatsapp';
    const settings: IntegrationSettings = {};
    if (input.templateName) settings.templateName = input.templateName;
    if (input.templateLanguage) settings.templateLanguage = input.templateLanguage;
    let mailbox: MailboxSettings | null = null;
    const fieldErrors: FieldError[] = [];
    if (input.type === 'email') {
      try {
        mailbox = parseMailboxSettings({ imap: input.imap, smtp: input.smtp });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        fieldErrors.push(...err.fieldErrors);
      }
    }
    let integration: Integration;
    try {
      integration = Integration.add(
        id,
        {
          type: input.type,
          purpose: input.purpose,
          botName: input.botName,
          apiToken: input.apiToken ?? '',
          // WhatsApp: the verify token is the agency's own (typed into Meta's settings too)
          webhookSecret: whatsapp ? (input.verifyToken ?? '') : IntegrationSecretsCodec.newWebhookSecret(),
          tokenFingerprint: IntegrationSecretsCodec.fingerprint(
            mailbox ? `${mailbox.imap.password}\u0000${mailbox.smtp.password}` : (input.apiToken ?? ''),
          ),
          appSecret: input.appSecret,
          phoneNumberId: input.phoneNumberId,
          settings,
        },
        { by: actor.userId, now: new Date() },
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      throw new ValidationError([...err.fieldErrors, ...fieldErrors]);
    }
    if (fieldErrors.length > 0) throw new ValidationError(fieldErrors);
    return this.uow.run(async () => {
      await this.integrations.insert(integration);
      if (mailbox) await this.mailboxes.insert(id, mailbox);
      await this.outbox.append(integration.pullEvents(), actor);
      return { id };
    });
  }
}
