import {
  type DestructionActData,
  type PersonalDataReportData,
  sampleDestructionActData,
  samplePersonalDataReportData,
} from './privacy-document-data';
import { type AgentReportData, buildAgentReportData } from './agent-report-data';
import { agencyPartyClause } from './contract-wording';
import type {
  AgencyDetails,
  DocumentData,
  DocumentService,
  DocumentType,
  TemplateType,
} from './document-data';
import { DOCUMENT_TITLES, documentNumber } from './document-data';
import { serviceTimes } from './order-snapshot';

/** The sample agency (ООО «Пример Тур») templates are validated and trial-rendered with. */
export const SAMPLE_AGENCY: AgencyDetails = {
  legalName: 'Общество с ограниченной ответственностью «Пример Тур»',
  shortName: 'ООО «Пример Тур»',
  inn: '7707083893',
  kpp: '770701001',
  ogrn: '1027700132195',
  address: '101000, г. Москва, ул. Мясницкая, д. 1, офис 10',
  phone: '+7 495 123-45-67',
  email: 'info@example-agency.ru',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  account: '40702810938000012345',
  corrAccount: '30101810400000000225',
  signatoryName: 'Смирнова Анна Сергеевна',
  signatoryPosition: 'Генеральный директор',
  vatNote: 'Без НДС (УСН)',
  legalForm: 'organization',
  signatoryNameGenitive: 'Смирновой Анны Сергеевны',
  signatoryPositionGenitive: 'генерального директора',
  signatoryBasis: 'Устава',
};

type TimelessService = Omit<DocumentService, 'startLocal' | 'endLocal' | 'nights' | 'when'>;
const SAMPLE_ZONES: Record<string, string> = {
  Москва: 'Europe/Moscow',
  Париж: 'Europe/Paris',
  Версаль: 'Europe/Paris',
};
const place = (city: string) => ({ city, timeZone: SAMPLE_ZONES[city] });

const timeless: TimelessService[] = [
  {
    n: 1,
    type: 'flight',
    typeName: 'Авиаперелёт',
    description: 'Москва (SVO) — Париж (CDG), рейс SU2454',
    startAt: '2027-06-01T10:00:00+03:00',
    endAt: '2027-06-01T14:00:00+02:00',
    location: 'Москва',
    destination: 'Париж',
    supplier: 'Аэрофлот',
    bookingRef: 'ABC123',
    travellers: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
    price: '90000.00',
    currency: 'RUB',
    rate: '1',
    amount: '90000.00',
  },
  {
    n: 2,
    type: 'transfer',
    typeName: 'Трансфер',
    description: 'Аэропорт CDG — отель Le Marais',
    startAt: '2027-06-01T15:00:00+02:00',
    endAt: '2027-06-01T16:00:00+02:00',
    location: 'Париж',
    destination: 'Париж',
    supplier: 'Paris Transfers SARL',
    bookingRef: 'TR-5521',
    travellers: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
    price: '120.00',
    currency: 'EUR',
    rate: '98.50',
    amount: '11820.00',
  },
  {
    n: 3,
    type: 'hotel',
    typeName: 'Проживание',
    description: 'Отель Le Marais 4*, семейный номер, 6 ночей, завтраки',
    startAt: '2027-06-01T15:00:00+02:00',
    endAt: '2027-06-07T12:00:00+02:00',
    location: 'Париж',
    destination: '',
    supplier: 'Hôtel Le Marais',
    bookingRef: 'HLM-77810',
    travellers: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
    price: '1450.00',
    currency: 'EUR',
    rate: '98.50',
    amount: '142825.00',
  },
  {
    n: 4,
    type: 'excursion',
    typeName: 'Экскурсия',
    description: 'Обзорная экскурсия по Парижу с русскоговорящим гидом',
    startAt: '2027-06-02T10:00:00+02:00',
    endAt: '2027-06-02T14:00:00+02:00',
    location: 'Париж',
    destination: '',
    supplier: 'Русский гид в Париже',
    bookingRef: 'EX-204',
    travellers: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
    price: '180.00',
    currency: 'EUR',
    rate: '98.50',
    amount: '17730.00',
  },
  {
    n: 5,
    type: 'rail',
    typeName: 'Ж/д билеты',
    description: 'Париж — Версаль и обратно, RER C',
    startAt: '2027-06-04T09:00:00+02:00',
    endAt: '2027-06-04T19:00:00+02:00',
    location: 'Париж',
    destination: 'Версаль',
    supplier: 'SNCF',
    bookingRef: 'SNCF-9981',
    travellers: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
    price: '45.50',
    currency: 'EUR',
    rate: '98.50',
    amount: '4481.75',
  },
  {
    n: 6,
    type: 'flight',
    typeName: 'Авиаперелёт',
    description: 'Париж (CDG) — Москва (SVO), рейс SU2455',
    startAt: '2027-06-07T15:30:00+02:00',
    endAt: '2027-06-07T21:30:00+03:00',
    location: 'Париж',
    destination: 'Москва',
    supplier: 'Аэрофлот',
    bookingRef: 'ABC124',
    travellers: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
    price: '85000.00',
    currency: 'RUB',
    rate: '1',
    amount: '85000.00',
  },
];

const services: DocumentService[] = timeless.map((s) => ({
  ...s,
  ...serviceTimes({
    type: s.type,
    startAt: s.startAt,
    endAt: s.endAt,
    location: place(s.location),
    destination: s.destination ? place(s.destination) : null,
  }),
}));

/**
 * A realistic order (3 travellers, 6 services in RUB and EUR) with every field of the data model:
 * templates are validated against it (a placeholder is known when this sample has it) and
 * trial-rendered with it.
 */
export function sampleDocumentData(type: DocumentType = 'invoice'): DocumentData {
  return {
    document: {
      type,
      title: DOCUMENT_TITLES[type],
      number: documentNumber(type, 2026, 1),
      date: '2026-11-22',
      issuedAt: '2026-11-22T10:00:00.000Z',
      city: 'Москва',
    },
    agency: { ...SAMPLE_AGENCY, partyClause: agencyPartyClause(SAMPLE_AGENCY) },
    client: { fullName: 'Иванов Иван Иванович', referredAs: 'именуемый' },
    travellers: [
      { n: 1, fullName: 'Иванов Иван Иванович' },
      { n: 2, fullName: 'Иванова Мария Петровна' },
      { n: 3, fullName: 'Иванов Пётр Иванович' },
    ],
    order: {
      id: '01930000-0000-7000-8000-000000000001',
      number: '2026-000123',
      status: 'confirmed',
      currency: 'RUB',
      createdAt: '2026-11-20T12:00:00+03:00',
      deadline: '2027-05-15T18:00:00+03:00',
      note: 'Семейная поездка, детское кресло в трансфере',
      travellerNames: 'Иванов Иван Иванович, Иванова Мария Петровна, Иванов Пётр Иванович',
      startDate: '2027-06-01',
      endDate: '2027-06-07',
    },
    services,
    days: [
      { n: 1, date: '2027-06-01', services: [services[0], services[1], services[2]] },
      { n: 2, date: '2027-06-02', services: [services[3]] },
      { n: 4, date: '2027-06-04', services: [services[4]] },
      { n: 7, date: '2027-06-07', services: [services[5]] },
    ],
    totals: {
      total: '351856.75',
      commission: '17592.84',
      supplierCost: '334263.91',
      currency: 'RUB',
      byCurrency: [
        { currency: 'EUR', amount: '1795.50' },
        { currency: 'RUB', amount: '175000.00' },
      ],
    },
    payments: {
      items: [
        {
          n: 1,
          paidAt: '2026-11-21',
          amount: '100000.00',
          currency: 'RUB',
          method: 'Банковский перевод',
        },
      ],
      paid: '100000.00',
      due: '251856.75',
      partlyPaid: true,
    },
  };
}

/**
 * A realistic agent report (a hotel supplier, services in RUB and EUR orders) with every field
 * of the agent_report data model: agent_report templates are validated and trial-rendered with it.
 */
export function sampleAgentReportData(): AgentReportData {
  return buildAgentReportData(
    {
      supplier: 'Hôtel Le Marais',
      month: '2027-06',
      items: [
        {
          orderNumber: '2026-000123',
          type: 'hotel',
          startAt: '2027-06-01T15:00:00+02:00',
          bookingRef: 'HLM-77810',
          currency: 'RUB',
          gross: '142825.00',
          commission: '14282.50',
          net: '128542.50',
        },
        {
          orderNumber: '2026-000131',
          type: 'hotel',
          startAt: '2027-06-12T15:00:00+02:00',
          bookingRef: 'HLM-77902',
          currency: 'EUR',
          gross: '980.00',
          commission: '98.00',
          net: '882.00',
        },
        {
          orderNumber: '2026-000140',
          type: 'other',
          startAt: '2027-06-20T09:00:00+02:00',
          bookingRef: null,
          currency: 'RUB',
          gross: '5000.00',
          commission: '500.00',
          net: '4500.00',
        },
      ],
      totals: [
        { currency: 'EUR', services: 1, gross: '980.00', commission: '98.00', net: '882.00' },
        { currency: 'RUB', services: 2, gross: '147825.00', commission: '14782.50', net: '133042.50' },
      ],
    },
    sampleDocumentData().agency,
  );
}

/** The sample a template of this type is validated and trial-rendered against. */
export function sampleTemplateData(
  type: TemplateType,
): DocumentData | AgentReportData | DestructionActData | PersonalDataReportData {
  if (type === 'agent_report') return sampleAgentReportData();
  if (type === 'destruction_act') return sampleDestructionActData(sampleDocumentData().agency);
  if (type === 'personal_data_report') return samplePersonalDataReportData(sampleDocumentData().agency);
  return sampleDocumentData(type);
}
