import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AGENCY_SETTINGS_STORE, type AgencySettingsStore } from '../../ports/document-stores.port';
import { GetAgencySettingsQuery } from './get-agency-settings.query';

@QueryHandler(GetAgencySettingsQuery)
export class GetAgencySettingsHandler implements IQueryHandler<GetAgencySettingsQuery> {
  constructor(@Inject(AGENCY_SETTINGS_STORE) private readonly settings: AgencySettingsStore) {}

  async execute() {
    const r = await this.settings.get();
    return r ? { ...r.details, version: r.version, updatedAt: r.updatedAt, updatedBy: r.updatedBy } : null;
  }
}
