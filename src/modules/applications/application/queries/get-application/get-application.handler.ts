import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import type {
  ApplicationSource,
  ApplicationStatus,
  AttachmentRef,
  Consent,
} from '../../../domain/application';
import { can } from '../../../../../shared/auth/permission-matrix';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { ApplicationPersonalDataRead } from '../../../domain/application.events';
import { type Contact, maskContact } from '../../../domain/contact';
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
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ id, viewer, via }: GetApplicationQuery): Promise<ApplicationView | null> {
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
    const { contact, payload, fileNames } = this.codec.open(row.id, pii);
    const shown = ApplicationPiiCodec.joinNames(attachments, fileNames).map(({ key: _key, ...a }) => a);
    if (viewer && !can(viewer.role, 'clients.read-pii')) {
      return {
        ...rest,
        access: 'masked',
        attachments: shown,
        contact: maskContact(contact, { keepName: true }),
        payload: {},
      };
    }
    const fields = revealedContactFields(contact, payload);
    if (viewer && fields.length > 0) {
      await this.uow.run(() =>
        this.outbox.append([new ApplicationPersonalDataRead(row.id, { fields, via })], viewer),
      );
    }
    return { ...rest, access: 'full', attachments: shown, contact, payload };
  }
}

/** The parts of personal data a full view reveals (the name alone is not audited, as in lists). */
function revealedContactFields(contact: Contact, payload: Record<string, unknown>): string[] {
  const fields: string[] = [];
  if (contact.phone !== null) fields.push('contact.phone');
  if (contact.email !== null) fields.push('contact.email');
  if (contact.telegram !== null) fields.push('contact.telegram');
  if (Object.keys(payload).length > 0) fields.push('payload');
  return fields;
}
