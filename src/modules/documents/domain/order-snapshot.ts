import { PAYMENT_METHOD_LABELS, ru, SERVICE_TYPE_LABELS } from '../../../shared/domain/labels-ru';
import { canonicalJson } from '../../../shared/domain/canonical-json';
import Decimal from 'decimal.js';
import {
  type AgencyDetails,
  type DocumentData,
  type DocumentDay,
  type DocumentService,
  type DocumentType,
  DOCUMENT_TITLES,
} from './document-data';
import { agencyPartyClause, customerReferredAs } from './contract-wording';
import { calendarDate, formatPlaceDateTime, nightsRu } from './russian-format';

/** A place as orders describe it. */
export interface SnapshotPlace {
  city: string;
  country?: string;
  timeZone?: string;
  iata?: string | null;
  station?: string | null;
  address?: string | null;
}

export interface SnapshotService {
  id: string;
  type: string;
  startAt: string;
  endAt: string | null;
  location: SnapshotPlace;
  destination: SnapshotPlace | null;
  supplier: string | null;
  bookingRef: string | null;
  details: Record<string, unknown>;
  travellerIds: string[];
  price: string;
  currency: string;
  rate: string;
  amount: string;
}

/**
 * A finance entry of the order (finance's ListPaymentsQuery, cancelled ones and reversals left
 * out). Only client payments (`payment`, `refund`) reach documents; supplier entries are ignored.
 */
export interface SnapshotPayment {
  id: string;
  type: string;
  /** ISO instant the money moved. */
  paidAt: string;
  /** In the order currency, positive for every type (the type gives the sign). */
  amountInOrderCurrency: string;
  method: string;
}

/** What documents need of an order, read through `OrderDocumentSource` (orders' own query). */
export interface OrderSnapshot {
  id: string;
  number: string;
  status: string;
  currency: string;
  createdAt: string;
  deadline: string | null;
  note: string | null;
  client: { id: string; fullName: string };
  travellers: Array<{ id: string; fullName: string }>;
  totalAmount: string;
  commission: string;
  supplierCost: string;
  services: SnapshotService[];
  /** Finance's entries for the order (not cancelled), oldest first. */
  payments: SnapshotPayment[];
}

/** The service type as documents title it (an unknown type reads as «Прочая услуга»). */
export function serviceTypeName(type: string): string {
  return ru(SERVICE_TYPE_LABELS, SERVICE_TYPE_LABELS[type] ? type : 'other');
}

/** Client money in (`payment`) counts positive, money back (`refund`) negative; others are not shown. */
const CLIENT_SIGN: Record<string, 1 | -1> = { payment: 1, refund: -1 };

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

function placeName(p: SnapshotPlace | null): string {
  if (!p) return '';
  const code = p.iata ?? p.station;
  return code ? `${p.city} (${code})` : p.city;
}

/** One line saying what the service is, from its type, places and well-known details. */
export function describeService(s: SnapshotService): string {
  const d = s.details ?? {};
  const own = text(d.description) || text(d.title) || text(d.name);
  switch (s.type) {
    case 'flight': {
      const flight = text(d.flightNumber);
      return `${placeName(s.location)} — ${placeName(s.destination)}${flight ? `, рейс ${flight}` : ''}`;
    }
    case 'rail': {
      const train = text(d.trainNumber);
      return `${placeName(s.location)} — ${placeName(s.destination)}${train ? `, поезд ${train}` : ''}`;
    }
    case 'transfer':
      return `${s.location.address ?? s.location.city} — ${s.destination?.address ?? s.destination?.city ?? ''}`;
    case 'hotel': {
      const room = text(d.room) || text(d.roomType);
      const hotel = own || text(d.hotelName) || s.supplier || 'Отель';
      return `${hotel}, ${s.location.city}${room ? `, ${room}` : ''}`;
    }
    default:
      return own ? `${own}, ${s.location.city}` : s.location.city;
  }
}

/** The local calendar date of an instant written with its offset (`2027-06-01T10:00+03:00`). */
function localDate(iso: string, timeZone?: string): string {
  if (/^\d{4}-\d{2}-\d{2}T/.test(iso) && /([+-]\d{2}:\d{2}|Z)$/.test(iso) && !timeZone)
    return iso.slice(0, 10);
  const { year, month, day } = calendarDate(iso, timeZone ?? 'Europe/Moscow');
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Start, end, nights and a one-line "when" of a service, each in its place's own time. */
export function serviceTimes(
  s: Pick<SnapshotService, 'type' | 'startAt' | 'endAt' | 'location' | 'destination'>,
): { startLocal: string; endLocal: string; nights: number | null; when: string } {
  const endPlace = s.destination ?? s.location;
  const startLocal = formatPlaceDateTime(s.startAt, s.location);
  const endLocal = s.endAt ? formatPlaceDateTime(s.endAt, endPlace) : '';
  let nights: number | null = null;
  if (s.type === 'hotel' && s.endAt) {
    const zone = s.location.timeZone;
    nights = Math.max(0, dayNumber(localDate(s.startAt, zone), localDate(s.endAt, zone)) - 1);
  }
  if (!s.endAt) return { startLocal, endLocal, nights, when: startLocal };
  // one label at the end is enough when both ends are in the same labelled place
  const sameLabel =
    startLocal.endsWith(')') &&
    endLocal.endsWith(')') &&
    endPlace.city === s.location.city &&
    endPlace.timeZone === s.location.timeZone;
  const from = sameLabel ? startLocal.replace(/ \([^)]*\)$/, '') : startLocal;
  const when = `${from} — ${endLocal}${nights !== null ? `, ${nightsRu(nights)}` : ''}`;
  return { startLocal, endLocal, nights, when };
}

const dayNumber = (first: string, date: string) =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;

export interface DocumentIdentity {
  type: DocumentType;
  number: string;
  /** ISO instant the document was first issued; its date is the document's date. */
  issuedAt: string;
}

/**
 * The data a template renders, built from an order snapshot, the agency's requisites and the
 * document's identity. Pure and deterministic: the same inputs give the same data (and hash).
 */
export function buildDocumentData(
  order: OrderSnapshot,
  agency: AgencyDetails,
  doc: DocumentIdentity,
): DocumentData {
  const names = new Map(order.travellers.map((t) => [t.id, t.fullName]));
  const sorted = [...order.services].sort(
    (a, b) => Date.parse(a.startAt) - Date.parse(b.startAt) || a.id.localeCompare(b.id),
  );
  const services: DocumentService[] = sorted.map((s, i) => ({
    n: i + 1,
    type: s.type,
    typeName: serviceTypeName(s.type),
    description: describeService(s),
    startAt: s.startAt,
    endAt: s.endAt,
    ...serviceTimes(s),
    location: s.location.city,
    destination: s.destination?.city ?? '',
    supplier: s.supplier ?? '',
    bookingRef: s.bookingRef ?? '',
    travellers: s.travellerIds
      .map((id) => names.get(id) ?? '')
      .filter(Boolean)
      .join(', '),
    price: new Decimal(s.price).toFixed(2),
    currency: s.currency,
    rate: new Decimal(s.rate).toString(),
    amount: new Decimal(s.amount).toFixed(2),
  }));
  const dates = sorted.map((s) => localDate(s.startAt, s.location.timeZone));
  const days: DocumentDay[] = [];
  services.forEach((s, i) => {
    const date = dates[i];
    const last = days[days.length - 1];
    if (last && last.date === date) last.services.push(s);
    else days.push({ n: dayNumber(dates[0], date), date, services: [s] });
  });
  const endDates = sorted.map((s) =>
    localDate(s.endAt ?? s.startAt, s.destination?.timeZone ?? s.location.timeZone),
  );
  const byCurrency = new Map<string, Decimal>();
  for (const s of sorted)
    byCurrency.set(s.currency, (byCurrency.get(s.currency) ?? new Decimal(0)).plus(s.price));
  const total = new Decimal(order.totalAmount);
  const clientPayments = [...order.payments]
    .filter((p) => CLIENT_SIGN[p.type] !== undefined)
    .sort((a, b) => Date.parse(a.paidAt) - Date.parse(b.paidAt) || a.id.localeCompare(b.id));
  const paymentItems = clientPayments.map((p, i) => ({
    n: i + 1,
    paidAt: localDate(new Date(p.paidAt).toISOString(), 'Europe/Moscow'),
    amount: new Decimal(p.amountInOrderCurrency).abs().times(CLIENT_SIGN[p.type]).toFixed(2),
    currency: order.currency,
    method: ru(PAYMENT_METHOD_LABELS, p.method),
  }));
  const paid = paymentItems.reduce((sum, p) => sum.plus(p.amount), new Decimal(0));
  const due = Decimal.max(total.minus(paid), 0);
  return {
    document: {
      type: doc.type,
      title: DOCUMENT_TITLES[doc.type],
      number: doc.number,
      date: localDate(new Date(doc.issuedAt).toISOString(), 'Europe/Moscow'),
      issuedAt: new Date(doc.issuedAt).toISOString(),
      city: agency.address.match(/г\.\s*([^,]+)/)?.[1]?.trim() ?? '',
    },
    agency: { ...agency, partyClause: agencyPartyClause(agency) },
    client: { fullName: order.client.fullName, referredAs: customerReferredAs(order.client.fullName) },
    travellers: order.travellers.map((t, i) => ({ n: i + 1, fullName: t.fullName })),
    order: {
      id: order.id,
      number: order.number,
      status: order.status,
      currency: order.currency,
      createdAt: order.createdAt,
      deadline: order.deadline,
      note: order.note ?? '',
      travellerNames: order.travellers.map((t) => t.fullName).join(', '),
      startDate: dates.length > 0 ? dates.reduce((a, b) => (a < b ? a : b)) : null,
      endDate: endDates.length > 0 ? endDates.reduce((a, b) => (a > b ? a : b)) : null,
    },
    services,
    days,
    totals: {
      total: total.toFixed(2),
      commission: new Decimal(order.commission).toFixed(2),
      supplierCost: new Decimal(order.supplierCost).toFixed(2),
      currency: order.currency,
      byCurrency: [...byCurrency.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => ({ currency, amount: amount.toFixed(2) })),
    },
    payments: {
      items: paymentItems,
      paid: paid.toFixed(2),
      due: due.toFixed(2),
      partlyPaid: paid.greaterThan(0) && due.greaterThan(0),
    },
  };
}

export { canonicalJson };
