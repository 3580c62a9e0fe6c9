import { Query } from '@nestjs/cqrs';
import type { IncidentWithNotice } from '../../commands/register-incident/register-incident.command';

/** Incidents, newest first, each with its deadlines and the prefilled notice. */
export class ListIncidentsQuery extends Query<IncidentWithNotice[]> {}
