import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ConcurrencyError, ValidationError } from '../../../../../shared/domain/domain-error';
import { type Diff, diffOf } from '../../../../../shared/domain/domain-event';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { AGENCY_FIELDS, agencyDetailsProblems } from '../../../domain/agency-requisites';
import { AgencySettingsUpdated } from '../../../domain/document.events';
import { AGENCY_SETTINGS_STORE, type AgencySettingsStore } from '../../ports/document-stores.port';
import { UpdateAgencySettingsCommand } from './update-agency-settings.command';

@CommandHandler(UpdateAgencySettingsCommand)
export class UpdateAgencySettingsHandler implements ICommandHandler<UpdateAgencySettingsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(AGENCY_SETTINGS_STORE) private readonly settings: AgencySettingsStore,
  ) {}

  async execute({ details, expectedVersion, actor }: UpdateAgencySettingsCommand) {
    const problems = agencyDetailsProblems(details);
    if (problems.length > 0) throw new ValidationError(problems);
    return this.uow.run(async () => {
      const current = await this.settings.get(true);
      const currentVersion = current?.version ?? 0;
      if (current && expectedVersion === undefined) {
        throw ValidationError.field('version', 'version is required to change existing settings');
      }
      if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
        throw new ConcurrencyError('agency settings', 'agency', currentVersion);
      }
      const picked = Object.fromEntries(
        AGENCY_FIELDS.map((k) => [k, details[k]]),
      ) as unknown as typeof details;
      const diff: Diff = current
        ? diffOf(current.details, picked, AGENCY_FIELDS)
        : Object.fromEntries(AGENCY_FIELDS.map((k) => [k, { from: null, to: picked[k] }]));
      if (current && Object.keys(diff).length === 0) return { version: currentVersion };
      const version = currentVersion + 1;
      await this.settings.save(picked, version, actor.userId);
      await this.outbox.append([new AgencySettingsUpdated(version, { diff })], actor);
      return { version };
    });
  }
}
