import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { IncidentWithNotice } from '../../commands/register-incident/register-incident.command';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { IncidentNotice } from '../../services/incident-notice';
import { ListIncidentsQuery } from './list-incidents.query';

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery> {
  constructor(
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
    private readonly notice: IncidentNotice,
  ) {}

  async execute(): Promise<IncidentWithNotice[]> {
    const out: IncidentWithNotice[] = [];
    for (const i of await this.store.incidents()) out.push({ ...i, noticeText: await this.notice.text(i) });
    return out;
  }
}
