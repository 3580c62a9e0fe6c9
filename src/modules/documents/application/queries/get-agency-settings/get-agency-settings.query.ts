import { Query } from '@nestjs/cqrs';
import type { AgencySettingsView } from '../../documents.views';

/** The agency's requisites; null until an admin sets them. */
export class GetAgencySettingsQuery extends Query<AgencySettingsView | null> {}
