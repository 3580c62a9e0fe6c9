import type { AgencyDetails } from './document-data';
import { formatDateLong, formatDateTime } from './russian-format';

/** One line of the event-log extract printed with an act of destruction. */
export interface ActLogEntry {
  at: string;
  user: string;
  action: string;
  entity: string;
  eventId: string;
}

/** What the privacy module passes to issue an act of destruction (order of Roskomnadzor No. 179). */
export interface DestructionActInput {
  /** Whose data: the pseudonym that replaces the person from now on. */
  subject: string;
  categories: string[];
  kept: string[];
  /** Who destroyed (full names and positions of the staff). */
  performedBy: string[];
  reason: string;
  basis: string;
  performedAt: string;
  log: ActLogEntry[];
}

/** The data model destruction_act templates render. */
export interface DestructionActData {
  document: { type: 'destruction_act'; title: string; number: string; date: string; issuedAt: string };
  agency: AgencyDetails;
  act: {
    subject: string;
    categories: Array<{ n: number; text: string }>;
    kept: Array<{ n: number; text: string }>;
    performedBy: string;
    system: string;
    method: string;
    reason: string;
    basis: string;
    date: string;
    dateTime: string;
  };
  log: Array<ActLogEntry & { n: number; atText: string }>;
}

export const DESTRUCTION_ACT_TITLE = 'Акт об уничтожении персональных данных';
export const PERSONAL_DATA_REPORT_TITLE = 'Сведения о персональных данных субъекта';
export const DESTRUCTION_SYSTEM =
  'информационная система «Travel CRM» (база данных PostgreSQL и файловое хранилище объектов)';
export const DESTRUCTION_METHOD =
  'перезапись зашифрованных полей и имени псевдонимом, удаление записей поисковых индексов, ' +
  'удаление файлов из хранилища, удаление записей переписки и исходных сообщений, ' +
  'замена значений в журнале событий и очереди событий';

const numbered = (xs: string[]) => xs.map((text, i) => ({ n: i + 1, text }));

export function buildDestructionActData(
  input: DestructionActInput,
  agency: AgencyDetails,
  doc: { number: string; issuedAt: string },
): DestructionActData {
  return {
    document: {
      type: 'destruction_act',
      title: DESTRUCTION_ACT_TITLE,
      number: doc.number,
      date: doc.issuedAt.slice(0, 10),
      issuedAt: doc.issuedAt,
    },
    agency,
    act: {
      subject: input.subject,
      categories: numbered(input.categories),
      kept: numbered(input.kept),
      performedBy: input.performedBy.join('; '),
      system: DESTRUCTION_SYSTEM,
      method: DESTRUCTION_METHOD,
      reason: input.reason,
      basis: input.basis,
      date: formatDateLong(input.performedAt),
      dateTime: formatDateTime(input.performedAt),
    },
    log: input.log.map((e, i) => ({ ...e, n: i + 1, atText: formatDateTime(e.at) })),
  };
}

/** A section of the subject access report: a title and label/value rows. */
export interface ReportSection {
  title: string;
  rows: Array<{ label: string; value: string }>;
}

/** The data model personal_data_report templates render (a subject access export). */
export interface PersonalDataReportData {
  document: { type: 'personal_data_report'; title: string; number: string; date: string; issuedAt: string };
  agency: AgencyDetails;
  subject: string;
  sections: ReportSection[];
}

export function buildPersonalDataReportData(
  input: { subject: string; sections: ReportSection[]; generatedAt: string; reference: string },
  agency: AgencyDetails,
): PersonalDataReportData {
  return {
    document: {
      type: 'personal_data_report',
      title: PERSONAL_DATA_REPORT_TITLE,
      number: input.reference,
      date: formatDateLong(input.generatedAt),
      issuedAt: input.generatedAt,
    },
    agency,
    subject: input.subject,
    sections: input.sections.map((s) => ({
      title: s.title,
      rows: s.rows.length > 0 ? s.rows : [{ label: '—', value: 'нет сведений' }],
    })),
  };
}

export function sampleDestructionActData(agency: AgencyDetails): DestructionActData {
  return buildDestructionActData(
    {
      subject: 'Клиент №17',
      categories: ['фамилия, имя, отчество', 'паспортные данные', 'номера телефонов'],
      kept: ['заказы (1) с суммами — бухгалтерский учёт'],
      performedBy: ['Петрова Анна Сергеевна, супервайзер'],
      reason: 'отзыв согласия субъектом',
      basis: 'ч. 5 ст. 21 Федерального закона № 152-ФЗ',
      performedAt: '2026-12-01T12:00:00.000Z',
      log: [
        {
          at: '2026-12-01T12:00:00.000Z',
          user: 'Петрова Анна Сергеевна',
          action: 'clients.personal-data-erased',
          entity: 'client 0190b5a0-0000-7000-8000-000000000001',
          eventId: '0190b5a0-0000-7000-8000-000000000002',
        },
      ],
    },
    agency,
    { number: 'АУ-2026-000001', issuedAt: '2026-12-01T12:00:00.000Z' },
  );
}

export function samplePersonalDataReportData(agency: AgencyDetails): PersonalDataReportData {
  return buildPersonalDataReportData(
    {
      subject: 'Иванов Иван Иванович',
      generatedAt: '2026-12-01T12:00:00.000Z',
      reference: 'ПД-0190b5a0',
      sections: [
        { title: 'Профиль', rows: [{ label: 'ФИО', value: 'Иванов Иван Иванович' }] },
        { title: 'Заказы', rows: [] },
      ],
    },
    agency,
  );
}
