import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { type FieldError, ValidationError } from '../../../../../shared/domain/domain-error';
import { CreateApplicationCommand } from '../create-application/create-application.command';
import { SubmitWebIntakeCommand, type WebIntakeResult } from './submit-web-intake.command';

@CommandHandler(SubmitWebIntakeCommand)
export class SubmitWebIntakeHandler implements ICommandHandler<SubmitWebIntakeCommand> {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ form, actor, meta }: SubmitWebIntakeCommand): Promise<WebIntakeResult> {
    const errors: FieldError[] = [];
    if (form.consent !== true) {
      errors.push({ field: 'consent', message: 'consent to personal-data processing is required' });
    }
    const phone = form.phone?.trim() || null;
    const email = form.email?.trim() || null;
    if (phone === null && email === null) {
      errors.push({ field: 'phone', message: 'a phone or an e-mail is required' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    // a bot filled the hidden field: answer as if accepted, keep nothing
    if (form.website !== undefined && form.website !== null && form.website.trim() !== '') {
      return { stored: false, applicationId: null };
    }
    const now = new Date();
    const textVersion = form.consentTextVersion?.trim() || this.config.intake.consentTextVersion;
    const { website: _honeypot, ...received } = form;
    const { id } = await this.create(
      new CreateApplicationCommand(
        {
          source: 'web',
          text: form.message,
          contact: { name: form.name, phone, email },
          payload: { form: received, ip: meta.ip, userAgent: meta.userAgent, receivedAt: now.toISOString() },
          consent: { givenAt: now.toISOString(), channel: 'web', textVersion },
        },
        actor,
      ),
    );
    return { stored: true, applicationId: id };
  }

  /** Runs the create command, naming the form's fields (`phone`, not `contact.phone`) in a 422. */
  private async create(command: CreateApplicationCommand): Promise<{ id: string }> {
    try {
      return await this.commands.execute(command);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      throw new ValidationError(
        err.fieldErrors.map((f) => {
          const field = FORM_FIELDS[f.field] ?? f.field;
          return { field, message: f.message.replace(f.field, field) };
        }),
      );
    }
  }
}

const FORM_FIELDS: Record<string, string> = {
  'contact.name': 'name',
  'contact.phone': 'phone',
  'contact.email': 'email',
  text: 'message',
  'consent.textVersion': 'consentTextVersion',
};
