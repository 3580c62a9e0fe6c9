import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { COUNTRY_CODE } from '../../../domain/cross-border';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import {
  CROSS_BORDER_STORE,
  type CountryView,
  type CrossBorderStore,
} from '../../ports/cross-border-store.port';
import { SetCountryCommand } from './set-country.command';

@CommandHandler(SetCountryCommand)
export class SetCountryHandler implements ICommandHandler<SetCountryCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(CROSS_BORDER_STORE) private readonly store: CrossBorderStore,
  ) {}

  async execute({ code, input, actor }: SetCountryCommand): Promise<CountryView> {
    if (!COUNTRY_CODE.test(code)) {
      throw ValidationError.field('code', 'code must be an upper-case ISO 3166-1 alpha-2 code');
    }
    return this.uow.run(async () => {
      const before = await this.store.country(code);
      const c = await this.store.upsertCountry(
        { code, name: input.name.trim(), adequate: input.adequate, note: input.note?.trim() || null },
        actor.userId,
      );
      await this.outbox.append(
        [
          // the audit keys entities by uuid: the country code travels in the payload (recorded whole)
          new PrivacyEvent(PRIVACY_EVENTS.countrySet, 'country', null, {
            code,
            name: c.name,
            adequate: c.adequate,
            adequateBefore: before?.adequate ?? null,
            note: c.note,
          }),
        ],
        actor,
      );
      return c;
    });
  }
}
