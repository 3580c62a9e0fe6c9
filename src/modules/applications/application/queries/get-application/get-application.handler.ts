import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type {
  ApplicationSource,
  ApplicationStatus,
  AttachmentRef,
  Consent,
} from '../../../domain/application';
import { type ApplicationView } from '../../application.view';
import { ApplicationPiiCodec } from '../../services/application-pii.codec';
import { GetApplicationQuery } from './get-application.query';

interface Row {
  id: string;
  number: string;
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  pii: string;
  attachments: AttachmentRef[];
  consent: Consent | null;
  clientId: string | null;
  assigneeId: string | null;
  rejectionReason: string | null;
  orderId: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
}

@QueryHandler(GetApplicationQuery)
export class GetApplicationHandler implements IQueryHandler<GetApplicationQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ApplicationPiiCodec,
  ) {}

  async execute({ id }: GetApplicationQuery): Promise<ApplicationView | null> {
    const [row] = await this.uow.rows<Row>(
      `SELECT id, number, source, status, text, pii, attachments, consent, client_id AS "clientId",
              assignee_id AS "assigneeId", rejection_reason AS "rejectionReason", order_id AS "orderId",
              ${isoUtc('created_at')} AS "createdAt", ${isoUtc('updated_at')} AS "updatedAt",
              created_by AS "createdBy", updated_by AS "updatedBy", version
         FROM applications WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const { pii, attachments, ...rest } = row;
    const { contact, payload } = this.codec.open(row.id, pii);
    return { ...rest, attachments: attachments.map(({ key: _key, ...a }) => a), contact, payload };
  }
}
