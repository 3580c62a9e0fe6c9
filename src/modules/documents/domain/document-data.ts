/** The four kinds of documents an order produces; each has one active template. */
export const DOCUMENT_TYPES = ['contract', 'invoice', 'act', 'proposal'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * Everything that has a versioned template: the four order documents plus the agent report
 * (отчёт агента), which is rendered on request from finance's data and never stored as a document.
 */
export const TEMPLATE_TYPES = [
  ...DOCUMENT_TYPES,
  'agent_report',
  // personal data (152-FZ): the act of destruction (stored as a document of no order) and the subject access report
  'destruction_act',
  'personal_data_report',
] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

/** What a stored document can be: an order document, or an act of destruction (of no order). */
export type StoredDocumentType = DocumentType | 'destruction_act';

export const DOCUMENT_TITLES: Readonly<Record<DocumentType, string>> = {
  contract: 'Договор о реализации туристского продукта',
  invoice: 'Счёт на оплату',
  act: 'Акт об оказании услуг',
  proposal: 'Коммерческое предложение',
};

/** Number prefixes per type: `СЧ-2026-000001`. Numbers run per type and calendar year without gaps. */
export const NUMBER_PREFIXES: Readonly<Record<DocumentType, string>> = {
  contract: 'Д',
  invoice: 'СЧ',
  act: 'А',
  proposal: 'КП',
};

export function documentNumber(type: DocumentType, year: number, sequence: number): string {
  return `${NUMBER_PREFIXES[type]}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Agency requisites as printed on documents (from `GET/PUT /api/v1/settings/agency`). */
export interface AgencyDetails {
  legalName: string;
  shortName: string;
  inn: string;
  kpp: string;
  ogrn: string;
  address: string;
  phone: string;
  email: string;
  bankName: string;
  bik: string;
  account: string;
  corrAccount: string;
  signatoryName: string;
  signatoryPosition: string;
  /** e.g. `Без НДС (УСН)`. */
  vatNote: string;
  /** `organization` (ООО, АО: 10-digit INN) or `sole_proprietor` (ИП: 12-digit INN); by the INN when unset. */
  legalForm?: 'organization' | 'sole_proprietor';
  /** `Смирновой Анны Сергеевны` (after «в лице»); declined from signatoryName when unset. */
  signatoryNameGenitive?: string;
  /** `генерального директора`; declined from signatoryPosition when unset. */
  signatoryPositionGenitive?: string;
  /** What the signatory acts on, in the genitive: `Устава`, `доверенности № 5 от 01.02.2026`. */
  signatoryBasis?: string;
}

/** The agency as documents see it: the requisites plus the contract's wording built from them. */
export interface DocumentAgency extends AgencyDetails {
  /** The whole party clause: `ООО «…» (ИНН …), именуемое …, в лице …, действующей на основании Устава`. */
  partyClause: string;
}

export interface DocumentService {
  /** 1-based position in the order. */
  n: number;
  type: string;
  /** Russian name of the type: Авиаперелёт, Проживание, … */
  typeName: string;
  /** One line: `Москва (SVO) → Париж (CDG), SU2454`. */
  description: string;
  startAt: string;
  endAt: string | null;
  /** `01.06.2027 15:00 (Париж)`: the start in the place's own time, labelled when not Moscow time. */
  startLocal: string;
  /** The end likewise (a flight's arrival in the destination's time); empty without an end. */
  endLocal: string;
  /** Nights of a stay (hotel) by the place's calendar; null for other services. */
  nights: number | null;
  /** One line of when: a stay `01.06.2027 15:00 — 05.06.2027 12:00 (Париж), 4 ночи`; else the start and end. */
  when: string;
  location: string;
  destination: string;
  supplier: string;
  bookingRef: string;
  /** Traveller names, comma-separated. */
  travellers: string;
  /** Price in the service's currency (decimal string). */
  price: string;
  currency: string;
  /** Rate to the order currency (decimal string). */
  rate: string;
  /** Price in the order currency (decimal string). */
  amount: string;
}

export interface DocumentDay {
  n: number;
  /** YYYY-MM-DD in the order's time zone. */
  date: string;
  services: DocumentService[];
}

/**
 * The data model templates render, documented field by field in README (Documents). A snapshot
 * of it is stored (as its SHA-256) with every generated version.
 */
export interface DocumentData {
  document: {
    type: DocumentType;
    title: string;
    /** `СЧ-2026-000001`. */
    number: string;
    /** YYYY-MM-DD: the day the document was first issued. */
    date: string;
    /** ISO instant used as the PDF creation date (fixed per document, so output is reproducible). */
    issuedAt: string;
    city: string;
  };
  agency: DocumentAgency;
  /** `referredAs`: `именуемый` / `именуемая` by the name. */
  client: { fullName: string; referredAs: string };
  travellers: Array<{ n: number; fullName: string }>;
  order: {
    id: string;
    number: string;
    status: string;
    currency: string;
    createdAt: string;
    deadline: string | null;
    note: string;
    /** All travellers' names, comma-separated. */
    travellerNames: string;
    /** YYYY-MM-DD of the first and last service (or null without services). */
    startDate: string | null;
    endDate: string | null;
  };
  services: DocumentService[];
  /** Services grouped by calendar day, for itineraries. */
  days: DocumentDay[];
  totals: {
    /** Decimal strings in the order currency. */
    total: string;
    commission: string;
    supplierCost: string;
    currency: string;
    /** Sums of service prices per original currency. */
    byCurrency: Array<{ currency: string; amount: string }>;
  };
  payments: {
    items: Array<{ n: number; paidAt: string; amount: string; currency: string; method: string }>;
    paid: string;
    due: string;
    /** Something is paid and something is still due: the invoice says both in words. */
    partlyPaid: boolean;
  };
}
