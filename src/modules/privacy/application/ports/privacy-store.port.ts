import type { CalendarDayKind } from '../../domain/production-calendar';

export const PRIVACY_STORE = Symbol('PRIVACY_STORE');

export type ConsentSubjectKind = 'client' | 'application' | 'telegram_chat';

export interface ConsentTextView {
  id: string;
  purpose: string;
  version: string;
  body: string;
  active: boolean;
  createdBy: string | null;
  createdAt: string;
}

export interface ConsentInput {
  subjectKind: ConsentSubjectKind;
  subjectId: string;
  clientId: string | null;
  purpose: string;
  textVersion: string;
  channel: string;
  givenAt: string;
  evidence: Record<string, unknown>;
}

export interface ConsentView extends ConsentInput {
  id: string;
  withdrawnAt: string | null;
  withdrawalChannel: string | null;
  destroyAfter: string | null;
  keptBases: string[];
  createdAt: string;
}

export interface RequestView {
  id: string;
  kind: 'access' | 'correction' | 'destruction' | 'withdrawal';
  clientId: string | null;
  channel: string;
  receivedAt: string;
  dueOn: string;
  extended: boolean;
  extensionReason: string | null;
  status: 'open' | 'answered' | 'refused';
  answer: string | null;
  closedAt: string | null;
  overdue: boolean;
  createdAt: string;
  version: number;
}

export interface DestructionRecord {
  id: string;
  clientId: string;
  pseudonym: string;
  reason: string;
  basis: string;
  categories: string[];
  kept: string[];
  actDocumentId: string | null;
  performedBy: string | null;
  performedAt: string;
  keepUntil: string;
}

export interface PrivacyStore extends IncidentStore {
  consentTexts(purpose?: string): Promise<ConsentTextView[]>;
  activeConsentText(purpose: string): Promise<ConsentTextView | null>;
  insertConsentText(t: Omit<ConsentTextView, 'createdAt' | 'active'>, activate: boolean): Promise<void>;

  /** Inserts unless the same subject already consented to the purpose at that instant; the id either way. */
  insertConsent(id: string, c: ConsentInput): Promise<{ id: string; created: boolean }>;
  /** An application was linked to a client: its consents now belong to that client too. */
  linkApplicationConsents(applicationId: string, clientId: string | null): Promise<void>;
  consent(id: string, forUpdate?: boolean): Promise<ConsentView | null>;
  consents(filter: {
    clientId?: string;
    subjectKind?: ConsentSubjectKind;
    subjectId?: string;
  }): Promise<ConsentView[]>;
  withdrawConsent(
    id: string,
    w: { at: Date; by: string | null; channel: string; destroyAfter: Date | null; keptBases: string[] },
  ): Promise<void>;
  /** Withdrawn consents whose destruction deadline passed; with the client (or application) they name. */
  consentsDueForDestruction(now: Date, limit: number): Promise<ConsentView[]>;
  clearDestroyDeadline(ids: string[]): Promise<void>;

  /** Try to take the jobs' lock for the current transaction (one replica runs the jobs). */
  tryJobsLock(): Promise<boolean>;
  nextPseudonym(): Promise<string>;
  insertDestruction(d: DestructionRecord): Promise<void>;
  destructionOf(clientId: string): Promise<DestructionRecord | null>;
  destructions(): Promise<DestructionRecord[]>;

  calendarDays(
    from: string,
    to: string,
  ): Promise<Array<{ day: string; kind: CalendarDayKind; note: string }>>;
  setCalendarDay(day: string, kind: CalendarDayKind | null, note: string): Promise<void>;

  insertRequest(
    r: Omit<RequestView, 'overdue' | 'createdAt' | 'version' | 'closedAt' | 'answer'>,
    by: string | null,
  ): Promise<void>;
  request(id: string, forUpdate?: boolean): Promise<RequestView | null>;
  updateRequest(r: RequestView): Promise<void>;
  requests(filter: {
    overdue?: boolean;
    status?: string;
    clientId?: string;
    today: string;
  }): Promise<RequestView[]>;
  /** Open requests due on `day` not reminded yet; marks them reminded. */
  claimReminders(day: string): Promise<RequestView[]>;
}

export interface IncidentView {
  id: string;
  description: string;
  detectedAt: string;
  categories: string[];
  approximateSubjects: number;
  firstNoticeDue: string;
  resultsDue: string;
  firstNoticeAt: string | null;
  resultsAt: string | null;
  createdAt: string;
}

export interface IncidentStore {
  insertIncident(
    i: Omit<IncidentView, 'firstNoticeAt' | 'resultsAt' | 'createdAt'>,
    by: string | null,
  ): Promise<void>;
  incident(id: string, forUpdate?: boolean): Promise<IncidentView | null>;
  incidents(): Promise<IncidentView[]>;
  markIncidentNotice(id: string, stage: 'first' | 'results', at: Date): Promise<void>;
  /** Incidents whose notice of `stage` is unsent and due before `until`, not reminded yet; marks them reminded. */
  claimIncidentReminders(stage: 'first' | 'results', until: Date): Promise<IncidentView[]>;
}
