import { Injectable } from '@nestjs/common';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { ApplicationPiiCodec } from '../../application/services/application-pii.codec';
import {
  Application,
  formatApplicationNumber,
  type ApplicationSource,
  type ApplicationStatus,
  type AttachmentRef,
  type Consent,
} from '../../domain/application';
import type { ApplicationRepository } from '../../domain/application.repository.port';

interface ApplicationRow {
  id: string;
  number: string | null;
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  pii: string | null;
  attachments: (Omit<AttachmentRef, 'fileName'> & { fileName?: string })[];
  consent: Consent | null;
  client_id: string | null;
  assignee_id: string | null;
  rejection_reason: string | null;
  order_id: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `id, number, source, status, text, pii, attachments, consent, client_id, assignee_id, rejection_reason,
  order_id, created_by, updated_by, created_at, updated_at, version`;

/** Applications in PostgreSQL through plain SQL; contact and payload sealed by {@link ApplicationPiiCodec}. */
// named statements' texts: module constants, the same strings on every call (see UnitOfWork.prepared)
const FIND_SQL = `SELECT ${COLUMNS} FROM applications WHERE id = $1`;
const FIND_FOR_UPDATE_SQL = `SELECT ${COLUMNS} FROM applications WHERE id = $1 FOR UPDATE`;

@Injectable()
@SealsColumns([{ table: 'applications', column: 'pii', keyIdColumn: 'key_id', aad: ApplicationPiiCodec.aad }])
export class SqlApplicationRepository implements ApplicationRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ApplicationPiiCodec,
  ) {}

  async findById(id: string): Promise<Application | null> {
    const [row] = await this.uow.preparedRows<ApplicationRow>('applications.find', FIND_SQL, [id]);
    return row ? this.toDomain(row) : null;
  }

  async findByIdForUpdate(id: string): Promise<Application | null> {
    const [row] = await this.uow.preparedRows<ApplicationRow>(
      'applications.find-for-update',
      FIND_FOR_UPDATE_SQL,
      [id],
    );
    return row ? this.toDomain(row) : null;
  }

  async findByClientForUpdate(clientId: string): Promise<Application[]> {
    const rows = await this.uow.rows<ApplicationRow>(
      `SELECT ${COLUMNS} FROM applications WHERE client_id = $1 ORDER BY id FOR UPDATE`,
      [clientId],
    );
    return rows.map((r) => this.toDomain(r));
  }

  async nextNumber(year: number): Promise<string> {
    // the counter row stays locked until the transaction ends, so a rolled-back creation gives
    // its number back: numbers are unique and gap-free per year under concurrency
    const [r] = await this.uow.preparedRows<{ last: number }>(
      'applications.next-number',
      `INSERT INTO application_number_counters (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = application_number_counters.last + 1
       RETURNING last`,
      [year],
    );
    return formatApplicationNumber(year, r.last);
  }

  async insert(a: Application): Promise<void> {
    const p = a.snapshot();
    // a path that did not ask for a number still gets the next one of its year
    const number = p.number ?? (await this.nextNumber(p.createdAt.getUTCFullYear()));
    const { stored, fileNames } = ApplicationPiiCodec.splitNames(p.attachments);
    const sealed = this.codec.seal(a.id, { contact: p.contact, payload: p.payload, fileNames });
    await this.uow.prepared(
      'applications.insert',
      `INSERT INTO applications (id, source, status, text, pii, key_id, attachments, consent, client_id, assignee_id,
                                 rejection_reason, order_id, created_by, updated_by, created_at, updated_at, version,
                                 number)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               $18)`,
      [
        a.id,
        p.source,
        p.status,
        p.text,
        sealed.pii,
        sealed.keyId,
        JSON.stringify(stored),
        p.consent === null ? null : JSON.stringify(p.consent),
        p.clientId,
        p.assigneeId,
        p.rejectionReason,
        p.orderId,
        p.createdBy,
        p.updatedBy,
        p.createdAt,
        p.updatedAt,
        a.nextVersion,
        number,
      ],
    );
  }

  async update(a: Application): Promise<void> {
    const p = a.snapshot();
    const { stored, fileNames } = ApplicationPiiCodec.splitNames(p.attachments);
    const sealed = this.codec.seal(a.id, { contact: p.contact, payload: p.payload, fileNames });
    const r = await this.uow.prepared(
      'applications.update',
      `UPDATE applications SET status = $3, text = $4, pii = $5, key_id = $6, attachments = $7::jsonb,
              consent = $8::jsonb, client_id = $9, assignee_id = $10, rejection_reason = $11, order_id = $12,
              updated_by = $13, updated_at = $14, version = $15
        WHERE id = $1 AND version = $2`,
      [
        a.id,
        a.version,
        p.status,
        p.text,
        sealed.pii,
        sealed.keyId,
        JSON.stringify(stored),
        p.consent === null ? null : JSON.stringify(p.consent),
        p.clientId,
        p.assigneeId,
        p.rejectionReason,
        p.orderId,
        p.updatedBy,
        p.updatedAt,
        a.nextVersion,
      ],
    );
    if (r.rowCount !== 1) {
      const [current] = await this.uow.rows<{ version: number }>(
        `SELECT version FROM applications WHERE id = $1`,
        [a.id],
      );
      throw new ConcurrencyError('application', a.id, current?.version ?? null);
    }
  }

  private toDomain(row: ApplicationRow): Application {
    const { contact, payload, fileNames } = this.codec.open(row.id, row.pii);
    return Application.reconstitute(row.id, row.version, {
      number: row.number,
      source: row.source,
      status: row.status,
      text: row.text,
      payload,
      contact,
      attachments: ApplicationPiiCodec.joinNames(row.attachments ?? [], fileNames),
      consent: row.consent,
      clientId: row.client_id,
      assigneeId: row.assignee_id,
      rejectionReason: row.rejection_reason,
      orderId: row.order_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
    });
  }
}
