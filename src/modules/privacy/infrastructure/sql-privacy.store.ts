import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { isoUtc } from '../../../shared/database/sql-fragments';
import type {
  ConsentInput,
  ConsentSubjectKind,
  ConsentTextView,
  ConsentView,
  DestructionRecord,
  IncidentView,
  PrivacyStore,
  RequestView,
} from '../application/ports/privacy-store.port';
import { type CalendarDayKind, moscowDay } from '../domain/production-calendar';

const TEXT_COLUMNS = `id, purpose, version, body, active, created_by AS "createdBy", ${isoUtc('created_at')} AS "createdAt"`;
const CONSENT_COLUMNS = `id, subject_kind AS "subjectKind", subject_id AS "subjectId", client_id AS "clientId", purpose,
  text_version AS "textVersion", channel, ${isoUtc('given_at')} AS "givenAt", evidence,
  CASE WHEN withdrawn_at IS NULL THEN NULL ELSE ${isoUtc('withdrawn_at')} END AS "withdrawnAt",
  withdrawal_channel AS "withdrawalChannel",
  CASE WHEN destroy_after IS NULL THEN NULL ELSE ${isoUtc('destroy_after')} END AS "destroyAfter",
  kept_bases AS "keptBases", ${isoUtc('created_at')} AS "createdAt"`;
const REQUEST_COLUMNS = `id, kind, client_id AS "clientId", channel, ${isoUtc('received_at')} AS "receivedAt",
  to_char(due_on, 'YYYY-MM-DD') AS "dueOn", extended, extension_reason AS "extensionReason", status, answer,
  CASE WHEN closed_at IS NULL THEN NULL ELSE ${isoUtc('closed_at')} END AS "closedAt",
  (status = 'open' AND due_on < $TODAY::date) AS overdue, ${isoUtc('created_at')} AS "createdAt", version`;
const DESTRUCTION_COLUMNS = `id, client_id AS "clientId", pseudonym, reason, basis, categories, kept,
  act_document_id AS "actDocumentId", performed_by AS "performedBy", ${isoUtc('performed_at')} AS "performedAt",
  to_char(keep_until, 'YYYY-MM-DD') AS "keepUntil"`;

const INCIDENT_COLUMNS = `id, description, ${isoUtc('detected_at')} AS "detectedAt", categories,
  approximate_subjects AS "approximateSubjects", ${isoUtc('first_notice_due')} AS "firstNoticeDue",
  ${isoUtc('results_due')} AS "resultsDue",
  CASE WHEN first_notice_at IS NULL THEN NULL ELSE ${isoUtc('first_notice_at')} END AS "firstNoticeAt",
  CASE WHEN results_at IS NULL THEN NULL ELSE ${isoUtc('results_at')} END AS "resultsAt",
  ${isoUtc('created_at')} AS "createdAt"`;

const requestColumns = (todayParam: number) => REQUEST_COLUMNS.replace('$TODAY', `$${todayParam}`);

@Injectable()
export class SqlPrivacyStore implements PrivacyStore {
  constructor(private readonly uow: UnitOfWork) {}

  consentTexts(purpose?: string): Promise<ConsentTextView[]> {
    return this.uow.rows<ConsentTextView>(
      `SELECT ${TEXT_COLUMNS} FROM privacy_consent_texts WHERE $1::text IS NULL OR purpose = $1
        ORDER BY purpose, created_at DESC`,
      [purpose ?? null],
    );
  }

  async activeConsentText(purpose: string): Promise<ConsentTextView | null> {
    const [r] = await this.uow.rows<ConsentTextView>(
      `SELECT ${TEXT_COLUMNS} FROM privacy_consent_texts WHERE purpose = $1 AND active`,
      [purpose],
    );
    return r ?? null;
  }

  async insertConsentText(
    t: Omit<ConsentTextView, 'createdAt' | 'active'>,
    activate: boolean,
  ): Promise<void> {
    if (activate) {
      await this.uow.sql(`UPDATE privacy_consent_texts SET active = false WHERE purpose = $1 AND active`, [
        t.purpose,
      ]);
    }
    await this.uow.sql(
      `INSERT INTO privacy_consent_texts (id, purpose, version, body, active, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [t.id, t.purpose, t.version, t.body, activate, t.createdBy],
    );
  }

  async insertConsent(id: string, c: ConsentInput): Promise<{ id: string; created: boolean }> {
    const inserted = await this.uow.rows<{ id: string }>(
      `INSERT INTO privacy_consents (id, subject_kind, subject_id, client_id, purpose, text_version, channel, given_at, evidence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
       ON CONFLICT (subject_kind, subject_id, purpose, given_at) DO NOTHING RETURNING id`,
      [
        id,
        c.subjectKind,
        c.subjectId,
        c.clientId,
        c.purpose,
        c.textVersion,
        c.channel,
        c.givenAt,
        JSON.stringify(c.evidence),
      ],
    );
    if (inserted.length > 0) return { id, created: true };
    const [existing] = await this.uow.rows<{ id: string }>(
      `SELECT id FROM privacy_consents WHERE subject_kind = $1 AND subject_id = $2 AND purpose = $3 AND given_at = $4`,
      [c.subjectKind, c.subjectId, c.purpose, c.givenAt],
    );
    return { id: existing.id, created: false };
  }

  async linkApplicationConsents(applicationId: string, clientId: string | null): Promise<void> {
    await this.uow.sql(
      `UPDATE privacy_consents SET client_id = $2 WHERE subject_kind = 'application' AND subject_id = $1`,
      [applicationId, clientId],
    );
  }

  async consent(id: string, forUpdate = false): Promise<ConsentView | null> {
    const [r] = await this.uow.rows<ConsentView>(
      `SELECT ${CONSENT_COLUMNS} FROM privacy_consents WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  consents(filter: {
    clientId?: string;
    subjectKind?: ConsentSubjectKind;
    subjectId?: string;
  }): Promise<ConsentView[]> {
    return this.uow.rows<ConsentView>(
      `SELECT ${CONSENT_COLUMNS} FROM privacy_consents
        WHERE ($1::uuid IS NULL OR client_id = $1) AND ($2::text IS NULL OR subject_kind = $2)
          AND ($3::text IS NULL OR subject_id = $3)
        ORDER BY given_at DESC, id DESC LIMIT 500`,
      [filter.clientId ?? null, filter.subjectKind ?? null, filter.subjectId ?? null],
    );
  }

  async withdrawConsent(
    id: string,
    w: { at: Date; by: string | null; channel: string; destroyAfter: Date | null; keptBases: string[] },
  ): Promise<void> {
    await this.uow.sql(
      `UPDATE privacy_consents SET withdrawn_at = $2, withdrawn_by = $3, withdrawal_channel = $4, destroy_after = $5,
              kept_bases = $6 WHERE id = $1`,
      [id, w.at, w.by, w.channel, w.destroyAfter, w.keptBases],
    );
  }

  consentsDueForDestruction(now: Date, limit: number): Promise<ConsentView[]> {
    return this.uow.rows<ConsentView>(
      `SELECT ${CONSENT_COLUMNS} FROM privacy_consents WHERE destroy_after <= $1 ORDER BY destroy_after, id LIMIT $2`,
      [now, limit],
    );
  }

  async clearDestroyDeadline(ids: string[]): Promise<void> {
    await this.uow.sql(`UPDATE privacy_consents SET destroy_after = NULL WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async tryJobsLock(): Promise<boolean> {
    const [r] = await this.uow.rows<{ ok: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtext('privacy-jobs')) AS ok`,
    );
    return r.ok;
  }

  async nextPseudonym(): Promise<string> {
    const [r] = await this.uow.rows<{ n: string }>(`SELECT nextval('privacy_pseudonym_seq') AS n`);
    return `Клиент №${r.n}`;
  }

  async insertDestruction(d: DestructionRecord): Promise<void> {
    await this.uow.sql(
      `INSERT INTO privacy_destructions (id, client_id, pseudonym, reason, basis, categories, kept, act_document_id,
                                         performed_by, performed_at, keep_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        d.id,
        d.clientId,
        d.pseudonym,
        d.reason,
        d.basis,
        d.categories,
        d.kept,
        d.actDocumentId,
        d.performedBy,
        d.performedAt,
        d.keepUntil,
      ],
    );
  }

  async destructionOf(clientId: string): Promise<DestructionRecord | null> {
    const [r] = await this.uow.rows<DestructionRecord>(
      `SELECT ${DESTRUCTION_COLUMNS} FROM privacy_destructions WHERE client_id = $1`,
      [clientId],
    );
    return r ?? null;
  }

  destructions(): Promise<DestructionRecord[]> {
    return this.uow.rows<DestructionRecord>(
      `SELECT ${DESTRUCTION_COLUMNS} FROM privacy_destructions ORDER BY performed_at DESC LIMIT 500`,
    );
  }

  calendarDays(
    from: string,
    to: string,
  ): Promise<Array<{ day: string; kind: CalendarDayKind; note: string }>> {
    return this.uow.rows(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, note FROM privacy_calendar_days
        WHERE day >= $1::date AND day <= $2::date ORDER BY day`,
      [from, to],
    );
  }

  async setCalendarDay(day: string, kind: CalendarDayKind | null, note: string): Promise<void> {
    if (kind === null) {
      await this.uow.sql(`DELETE FROM privacy_calendar_days WHERE day = $1::date`, [day]);
      return;
    }
    await this.uow.sql(
      `INSERT INTO privacy_calendar_days (day, kind, note) VALUES ($1::date, $2, $3)
       ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note`,
      [day, kind, note],
    );
  }

  async insertRequest(
    r: Omit<RequestView, 'overdue' | 'createdAt' | 'version' | 'closedAt' | 'answer'>,
    by: string | null,
  ): Promise<void> {
    await this.uow.sql(
      `INSERT INTO privacy_requests (id, kind, client_id, channel, received_at, due_on, extended, extension_reason,
                                     status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10)`,
      [
        r.id,
        r.kind,
        r.clientId,
        r.channel,
        r.receivedAt,
        r.dueOn,
        r.extended,
        r.extensionReason,
        r.status,
        by,
      ],
    );
  }

  async request(id: string, forUpdate = false): Promise<RequestView | null> {
    const [r] = await this.uow.rows<RequestView>(
      `SELECT ${requestColumns(2)} FROM privacy_requests WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id, moscowDay(new Date())],
    );
    return r ?? null;
  }

  async updateRequest(r: RequestView): Promise<void> {
    await this.uow.sql(
      `UPDATE privacy_requests SET due_on = $2::date, extended = $3, extension_reason = $4, status = $5, answer = $6,
              closed_at = $7, version = version + 1 WHERE id = $1`,
      [r.id, r.dueOn, r.extended, r.extensionReason, r.status, r.answer, r.closedAt],
    );
  }

  requests(filter: {
    overdue?: boolean;
    status?: string;
    clientId?: string;
    today: string;
  }): Promise<RequestView[]> {
    return this.uow.rows<RequestView>(
      `SELECT ${requestColumns(1)} FROM privacy_requests
        WHERE ($2::boolean IS NULL OR (status = 'open' AND due_on < $1::date) = $2)
          AND ($3::text IS NULL OR status = $3) AND ($4::uuid IS NULL OR client_id = $4)
        ORDER BY due_on, id LIMIT 500`,
      [filter.today, filter.overdue ?? null, filter.status ?? null, filter.clientId ?? null],
    );
  }

  async insertIncident(
    i: Omit<IncidentView, 'firstNoticeAt' | 'resultsAt' | 'createdAt'>,
    by: string | null,
  ): Promise<void> {
    await this.uow.sql(
      `INSERT INTO privacy_incidents (id, description, detected_at, categories, approximate_subjects, first_notice_due,
                                      results_due, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        i.id,
        i.description,
        i.detectedAt,
        i.categories,
        i.approximateSubjects,
        i.firstNoticeDue,
        i.resultsDue,
        by,
      ],
    );
  }

  async incident(id: string, forUpdate = false): Promise<IncidentView | null> {
    const [r] = await this.uow.rows<IncidentView>(
      `SELECT ${INCIDENT_COLUMNS} FROM privacy_incidents WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return r ?? null;
  }

  incidents(): Promise<IncidentView[]> {
    return this.uow.rows<IncidentView>(
      `SELECT ${INCIDENT_COLUMNS} FROM privacy_incidents ORDER BY detected_at DESC, id DESC LIMIT 500`,
    );
  }

  async markIncidentNotice(id: string, stage: 'first' | 'results', at: Date): Promise<void> {
    const column = stage === 'first' ? 'first_notice_at' : 'results_at';
    await this.uow.sql(`UPDATE privacy_incidents SET ${column} = $2 WHERE id = $1`, [id, at]);
  }

  claimIncidentReminders(stage: 'first' | 'results', until: Date): Promise<IncidentView[]> {
    const [sent, due, reminded] =
      stage === 'first'
        ? ['first_notice_at', 'first_notice_due', 'first_reminded_at']
        : ['results_at', 'results_due', 'results_reminded_at'];
    return this.uow.rows<IncidentView>(
      `UPDATE privacy_incidents SET ${reminded} = now()
        WHERE ${sent} IS NULL AND ${reminded} IS NULL AND ${due} <= $1
        RETURNING ${INCIDENT_COLUMNS}`,
      [until],
    );
  }

  claimReminders(day: string): Promise<RequestView[]> {
    return this.uow.rows<RequestView>(
      `UPDATE privacy_requests SET reminded_at = now()
        WHERE status = 'open' AND due_on = $1::date AND reminded_at IS NULL
        RETURNING ${requestColumns(1)}`,
      [day],
    );
  }
}
