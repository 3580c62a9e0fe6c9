import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetAgencySettingsQuery } from '../../../documents/application/queries/get-agency-settings/get-agency-settings.query';
import { incidentNoticeText } from '../../domain/incident';
import type { IncidentView } from '../ports/privacy-store.port';

/** The Russian notice of an incident, with the operator named from the agency's requisites. */
@Injectable()
export class IncidentNotice {
  constructor(private readonly queries: QueryBus) {}

  async text(i: IncidentView): Promise<string> {
    const agency = await this.queries.execute(new GetAgencySettingsQuery());
    const operator = agency
      ? `${agency.legalName}, ИНН ${agency.inn}, ${agency.address}`
      : '____________________';
    return incidentNoticeText(
      {
        description: i.description,
        detectedAt: new Date(i.detectedAt),
        categories: i.categories,
        approximateSubjects: i.approximateSubjects,
      },
      operator,
    );
  }
}
