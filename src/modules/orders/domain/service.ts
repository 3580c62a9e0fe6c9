import { optionalText } from '../../../shared/domain/normalisers';
import Decimal from 'decimal.js';
import type { FieldError } from '../../../shared/domain/domain-error';
import { type Commission, lineTotals } from './pricing.policy';
import { resolvePlaceZone } from './place-zones';
import type { ServiceConfirmation } from './service-confirmation';
import {
  MAX_ADDRESS,
  MAX_BOOKING_REF,
  MAX_CITY,
  MAX_DETAILS_JSON,
  MAX_IATA,
  MAX_STATION,
  MAX_SUPPLIER,
} from './order-limits';
import { isTimeZone } from './time-zone';

export const SERVICE_TYPES = ['flight', 'rail', 'hotel', 'transfer', 'excursion', 'other'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Services that move the traveller from `location` to `destination`. */
export const TRANSPORT_TYPES: readonly ServiceType[] = ['flight', 'rail', 'transfer'];

export interface Place {
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /**
   * IANA time zone of this end of the service. When left out it is found from the IATA code or
   * the city (see place-zones.ts) and stored; a given zone always wins.
   */
  timeZone: string;
  iata?: string | null;
  station?: string | null;
  address?: string | null;
}

/** A place as given: the zone may be left out for a known IATA code or city. */
export type PlaceInput = Omit<Place, 'timeZone'> & { timeZone?: string | null };

/**
 * Where a service's rate came from: `parity` — the order's own currency (rate 1); `manual` — given
 * with the service (or a rate staff recorded in finance); `cbr` — the Central Bank's stored rate.
 */
export const RATE_SOURCES = ['parity', 'manual', 'cbr'] as const;
export type RateSource = (typeof RATE_SOURCES)[number];

export interface ServiceInput {
  type: ServiceType;
  /** ISO 8601 with offset. */
  startAt: string;
  endAt: string;
  location: PlaceInput;
  destination?: PlaceInput | null;
  supplier?: string | null;
  /** ISO 3166-1 alpha-2 country of the supplier (where passenger data goes; 152-FZ cross-border). */
  supplierCountry?: string | null;
  /** Defaults to all of the order's travellers. */
  travellerIds?: string[] | null;
  price: string;
  currency: string;
  /**
   * Service currency → order currency; 1 when they are the same. When they differ and it is not
   * given, the application fills in the stored rate (see `rateSource` / `rateDate`).
   */
  rate?: string | null;
  /** Set by the application with a stored rate; a rate given without it is `manual`. */
  rateSource?: RateSource | null;
  /** The date (YYYY-MM-DD) of the stored rate used, or null. */
  rateDate?: string | null;
  /** `{ percent }` or `{ amount }` (exactly one); none means no commission. */
  commission?: CommissionInput | null;
  bookingRef?: string | null;
  details?: Record<string, unknown> | null;
}

export type ServiceChanges = Partial<ServiceInput>;

export interface CommissionInput {
  percent?: string | null;
  amount?: string | null;
}

/** A service as the aggregate keeps it: validated and normalised, with its line figures. */
export interface Service {
  id: string;
  type: ServiceType;
  startAt: Date;
  endAt: Date;
  location: Place;
  destination: Place | null;
  supplier: string | null;
  supplierCountry: string | null;
  travellerIds: string[];
  price: string;
  currency: string;
  rate: string;
  rateSource: RateSource;
  /** The date of the stored rate used (YYYY-MM-DD); null for a given or parity rate. */
  rateDate: string | null;
  commission: Commission;
  /** price × rate in the order currency (2 decimals, half to even). */
  amount: string;
  commissionAmount: string;
  bookingRef: string | null;
  details: Record<string, unknown>;
  /** The supplier's answer (none until it answers, and again after a change it must re-confirm). */
  confirmation?: ServiceConfirmation | null;
}

const KNOWN_CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'));
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^\d{1,12}(\.\d{1,8})?$/;

export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);
}

export { isTimeZone };

export function parseInstant(value: unknown, field: string, errors: FieldError[]): Date | null {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) {
    errors.push({
      field,
      message: `${field} must be ISO 8601 with an offset, e.g. 2027-06-01T10:00:00+03:00`,
    });
    return null;
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    errors.push({ field, message: `${field} is not a valid date and time` });
    return null;
  }
  return d;
}

function place(raw: PlaceInput | null | undefined, field: string, errors: FieldError[]): Place | null {
  if (raw === undefined || raw === null || typeof raw !== 'object') {
    errors.push({ field, message: `${field} is required` });
    return null;
  }
  const city = optionalText(raw.city, `${field}.city`, MAX_CITY, errors);
  if (city === null) errors.push({ field: `${field}.city`, message: `${field}.city must not be empty` });
  const country = typeof raw.country === 'string' ? raw.country.trim().toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(country)) {
    errors.push({
      field: `${field}.country`,
      message: `${field}.country must be an ISO 3166-1 alpha-2 code`,
    });
  }
  let timeZone: unknown = raw.timeZone;
  if (timeZone === undefined || timeZone === null || timeZone === '') {
    timeZone = resolvePlaceZone({ iata: raw.iata, city, country })?.timeZone;
    if (timeZone === undefined) {
      errors.push({
        field: `${field}.timeZone`,
        message: `${field}.timeZone is required: neither the IATA code nor the city "${city ?? ''}" (${country}) is a known place`,
      });
    }
  } else if (!isTimeZone(timeZone)) {
    errors.push({ field: `${field}.timeZone`, message: `${field}.timeZone must be an IANA time zone` });
  }
  const iataRaw = optionalText(raw.iata, `${field}.iata`, MAX_IATA, errors);
  const iata = iataRaw === null ? null : iataRaw.toUpperCase();
  if (iata !== null && !/^[A-Z]{3}$/.test(iata)) {
    errors.push({ field: `${field}.iata`, message: `${field}.iata must be a 3-letter IATA code` });
  }
  return {
    city: city ?? '',
    country,
    timeZone: timeZone as string,
    iata,
    station: optionalText(raw.station, `${field}.station`, MAX_STATION, errors),
    address: optionalText(raw.address, `${field}.address`, MAX_ADDRESS, errors),
  };
}

function decimal(v: unknown, field: string, errors: FieldError[]): Decimal | null {
  if (typeof v !== 'string' || !DECIMAL.test(v.trim())) {
    errors.push({ field, message: `${field} must be a non-negative decimal string, e.g. "12500.00"` });
    return null;
  }
  return new Decimal(v.trim());
}

function commissionOf(raw: CommissionInput | null | undefined, errors: FieldError[]): Commission {
  if (raw === undefined || raw === null) return { percent: '0' };
  const hasPercent = raw.percent !== undefined && raw.percent !== null;
  const hasAmount = raw.amount !== undefined && raw.amount !== null;
  if (hasPercent === hasAmount) {
    errors.push({ field: 'commission', message: 'commission must be either { percent } or { amount }' });
    return { percent: '0' };
  }
  if (hasPercent) {
    const p = decimal(raw.percent, 'commission.percent', errors);
    if (p && p.greaterThan(100)) {
      errors.push({ field: 'commission.percent', message: 'commission.percent must be between 0 and 100' });
    }
    if (p && p.decimalPlaces() > 4) {
      errors.push({ field: 'commission.percent', message: 'commission.percent has at most 4 decimals' });
    }
    return { percent: p ? p.toFixed() : '0' };
  }
  const a = decimal(raw.amount, 'commission.amount', errors);
  if (a && a.decimalPlaces() > 2) {
    errors.push({ field: 'commission.amount', message: 'commission.amount has at most 2 decimals' });
  }
  return { amount: a ? a.toFixed(2) : '0.00' };
}

/**
 * Validates a full service description for an order in `orderCurrency` with `orderTravellers`;
 * returns the service or pushes every problem found into `errors`.
 */
export function buildService(
  id: string,
  input: ServiceInput,
  orderCurrency: string,
  orderTravellers: readonly string[],
  errors: FieldError[],
): Service | null {
  const before = errors.length;
  if (!(SERVICE_TYPES as readonly string[]).includes(input.type)) {
    errors.push({ field: 'type', message: `type must be one of ${SERVICE_TYPES.join(', ')}` });
  }
  const startAt = parseInstant(input.startAt, 'startAt', errors);
  const endAt = parseInstant(input.endAt, 'endAt', errors);
  if (startAt && endAt && endAt.getTime() < startAt.getTime()) {
    errors.push({ field: 'endAt', message: 'endAt must not be before startAt' });
  }
  const location = place(input.location, 'location', errors);
  const isTransport = TRANSPORT_TYPES.includes(input.type);
  let destination: Place | null = null;
  if (isTransport) destination = place(input.destination, 'destination', errors);
  else if (input.destination !== undefined && input.destination !== null) {
    destination = place(input.destination, 'destination', errors);
  }
  const price = decimal(input.price, 'price', errors);
  if (price && price.decimalPlaces() > 2) {
    errors.push({ field: 'price', message: 'price has at most 2 decimals' });
  }
  const currency = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : '';
  if (!isKnownCurrency(currency)) {
    errors.push({ field: 'currency', message: 'currency must be a known ISO 4217 code' });
  }
  let rate: Decimal | null = new Decimal(1);
  if (input.rate !== undefined && input.rate !== null) {
    rate = decimal(input.rate, 'rate', errors);
    if (rate && rate.lessThanOrEqualTo(0)) {
      errors.push({ field: 'rate', message: 'rate must be greater than 0' });
    }
    if (rate && currency === orderCurrency && !rate.equals(1)) {
      errors.push({ field: 'rate', message: 'rate must be 1 when the service is in the order currency' });
    }
  } else if (currency !== orderCurrency) {
    errors.push({
      field: 'rate',
      message: `no stored ${currency} rate to ${orderCurrency} is known for this service's day: give the rate or import rates`,
    });
  }
  const parity = currency === orderCurrency;
  const rateSource: RateSource = parity ? 'parity' : (input.rateSource ?? 'manual');
  const rateDate = input.rateDate ?? null;
  const commission = commissionOf(input.commission, errors);
  let travellerIds = [...orderTravellers];
  if (input.travellerIds !== undefined && input.travellerIds !== null) {
    travellerIds = [...new Set(input.travellerIds.map((t) => String(t).toLowerCase()))];
    if (travellerIds.length === 0) {
      errors.push({ field: 'travellerIds', message: 'travellerIds must name at least one traveller' });
    }
    travellerIds.forEach((t, i) => {
      if (!orderTravellers.includes(t)) {
        errors.push({
          field: `travellerIds[${i}]`,
          message: `traveller ${t} is not a traveller of this order`,
        });
      }
    });
  }
  const details = input.details ?? {};
  if (typeof details !== 'object' || Array.isArray(details)) {
    errors.push({ field: 'details', message: 'details must be an object' });
  } else if (JSON.stringify(details).length > MAX_DETAILS_JSON) {
    errors.push({
      field: 'details',
      message: `details must be at most ${MAX_DETAILS_JSON} characters as JSON`,
    });
  }
  const supplier = optionalText(input.supplier, 'supplier', MAX_SUPPLIER, errors);
  const bookingRef = optionalText(input.bookingRef, 'bookingRef', MAX_BOOKING_REF, errors);
  let supplierCountry: string | null = null;
  if (input.supplierCountry !== undefined && input.supplierCountry !== null) {
    supplierCountry =
      typeof input.supplierCountry === 'string' ? input.supplierCountry.trim().toUpperCase() : '';
    if (!/^[A-Z]{2}$/.test(supplierCountry)) {
      errors.push({
        field: 'supplierCountry',
        message: 'supplierCountry must be an ISO 3166-1 alpha-2 code',
      });
    }
  }
  if (errors.length > before) return null;
  const priceText = price!.toFixed(2);
  const rateText = rate!.toFixed();
  const figures = lineTotals({ price: priceText, rate: rateText, commission });
  return {
    id,
    type: input.type,
    startAt: startAt!,
    endAt: endAt!,
    location: location!,
    destination,
    supplier,
    supplierCountry,
    travellerIds,
    price: priceText,
    currency,
    rate: rateText,
    rateSource,
    rateDate: parity ? null : rateDate,
    commission,
    amount: figures.amount,
    commissionAmount: figures.commission,
    bookingRef,
    details: details as Record<string, unknown>,
  };
}

/** The input that describes an existing service (for partial updates). */
export function inputOf(s: Service): ServiceInput {
  return {
    type: s.type,
    startAt: s.startAt.toISOString(),
    endAt: s.endAt.toISOString(),
    location: s.location,
    destination: s.destination,
    supplier: s.supplier,
    supplierCountry: s.supplierCountry,
    travellerIds: s.travellerIds,
    price: s.price,
    currency: s.currency,
    rate: s.rate,
    rateSource: s.rateSource,
    rateDate: s.rateDate,
    commission: s.commission,
    bookingRef: s.bookingRef,
    details: s.details,
  };
}

/** What the audit log and events show of a service (no personal data: travellers are ids). */
export function serviceSnapshot(s: Service): Record<string, unknown> {
  return {
    type: s.type,
    startAt: s.startAt.toISOString(),
    endAt: s.endAt.toISOString(),
    location: s.location,
    destination: s.destination,
    supplier: s.supplier,
    supplierCountry: s.supplierCountry,
    travellerIds: s.travellerIds,
    price: s.price,
    currency: s.currency,
    rate: s.rate,
    commission: s.commission,
    amount: s.amount,
    commissionAmount: s.commissionAmount,
    bookingRef: s.bookingRef,
    details: s.details,
  };
}
