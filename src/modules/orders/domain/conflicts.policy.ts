import { ru, SERVICE_TYPE_LABELS } from '../../../shared/domain/labels-ru';
import { type Service, TRANSPORT_TYPES, type Place, type ServiceType } from './service';
import { localLabel } from './time-zone';

export const CONFLICT_CODES = [
  'TIME_OVERLAP',
  'GEOGRAPHY_GAP',
  'CHECK_IN_BEFORE_ARRIVAL',
  'TIGHT_CONNECTION',
  'PASSPORT_EXPIRED',
  'PASSPORT_EXPIRES_SOON',
  /** Raised by the privacy module: passenger data to a supplier abroad without a notified transfer. */
  'PRIVACY.CROSS_BORDER_UNNOTIFIED',
] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];
export type ConflictSeverity = 'error' | 'warning';

export interface Conflict {
  code: ConflictCode;
  severity: ConflictSeverity;
  serviceIds: string[];
  travellerIds: string[];
  /** Human message in Russian. */
  message: string;
}

export interface TravellerPassports {
  travellerId: string;
  /** ISO dates (YYYY-MM-DD) of the traveller's passports; null = does not expire. */
  passports: Array<{ kind: 'internal' | 'foreign'; expiresAt: string | null }>;
}

export interface ConflictContext {
  /** Less than this between an arrival and the next departure is a tight connection. */
  minConnectionMinutes: number;
  /** Passports of the order's travellers (from the clients module); absent travellers are not checked. */
  passports?: readonly TravellerPassports[];
  /** The agency's home country: trips that leave it need a foreign passport. */
  homeCountry?: string;
}

/** Pairs of types that a traveller cannot take part in at the same time. */
function exclusive(a: ServiceType, b: ServiceType): boolean {
  const moving = (t: ServiceType) => TRANSPORT_TYPES.includes(t);
  if (moving(a) && moving(b)) return true;
  if (a === 'hotel' && b === 'hotel') return true;
  if ((a === 'excursion' && (moving(b) || b === 'excursion')) || (b === 'excursion' && moving(a)))
    return true;
  return false;
}

function overlaps(a: Service, b: Service): boolean {
  return a.startAt.getTime() < b.endAt.getTime() && b.startAt.getTime() < a.endAt.getTime();
}

const norm = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е');

/** Same place: by IATA code when both ends have one, otherwise by city and country. */
export function samePlace(a: Place, b: Place): boolean {
  if (a.iata && b.iata) return a.iata === b.iata;
  return norm(a.city) === norm(b.city) && a.country === b.country;
}

function sameCity(a: Place, b: Place): boolean {
  return norm(a.city) === norm(b.city) && a.country === b.country;
}

function label(s: Service): string {
  const where = s.destination ? `${s.location.city} → ${s.destination.city}` : s.location.city;
  return `${ru(SERVICE_TYPE_LABELS, s.type, 'noun')} ${where} (${localLabel(s.startAt, s.location.timeZone)})`;
}

function placeLabel(p: Place): string {
  return p.iata ? `${p.city} (${p.iata})` : p.city;
}

const byStart = (a: Service, b: Service) =>
  a.startAt.getTime() - b.startAt.getTime() ||
  a.endAt.getTime() - b.endAt.getTime() ||
  a.id.localeCompare(b.id);

function addMonths(isoDate: string, months: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * Itinerary conflicts of an order's services, per traveller, merged over travellers. Pure: the
 * passports come in through the context. Instants are compared, never wall-clock strings, so
 * services in different time zones line up correctly.
 */
export function detectConflicts(services: readonly Service[], ctx: ConflictContext): Conflict[] {
  const found = new Map<string, Conflict>();
  const add = (c: Omit<Conflict, 'travellerIds'>, traveller: string) => {
    const key = `${c.code}|${c.serviceIds.join(',')}`;
    const hit = found.get(key);
    if (hit) {
      if (!hit.travellerIds.includes(traveller)) hit.travellerIds.push(traveller);
    } else found.set(key, { ...c, travellerIds: [traveller] });
  };
  const travellers = [...new Set(services.flatMap((s) => s.travellerIds))].sort();
  for (const traveller of travellers) {
    const own = services.filter((s) => s.travellerIds.includes(traveller)).sort(byStart);
    timeOverlaps(own, traveller, add);
    geography(own, traveller, ctx, add);
  }
  passports(services, ctx, add);
  return [...found.values()]
    .map((c) => ({ ...c, travellerIds: [...c.travellerIds].sort() }))
    .sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
        a.code.localeCompare(b.code) ||
        a.serviceIds.join().localeCompare(b.serviceIds.join()),
    );
}

type Add = (c: Omit<Conflict, 'travellerIds'>, traveller: string) => void;

function timeOverlaps(own: Service[], traveller: string, add: Add): void {
  for (let i = 0; i < own.length; i++) {
    for (let j = i + 1; j < own.length; j++) {
      const a = own[i];
      const b = own[j];
      if (!exclusive(a.type, b.type) || !overlaps(a, b)) continue;
      add(
        {
          code: 'TIME_OVERLAP',
          severity: 'error',
          serviceIds: [a.id, b.id],
          message: `Пересечение по времени: ${label(a)} и ${label(b)} у одного путешественника`,
        },
        traveller,
      );
    }
  }
}

function geography(own: Service[], traveller: string, ctx: ConflictContext, add: Add): void {
  const transports = own.filter((s) => TRANSPORT_TYPES.includes(s.type) && s.destination);
  // consecutive legs: the next one should leave from where the previous one arrived
  for (let i = 1; i < transports.length; i++) {
    const prev = transports[i - 1];
    const next = transports[i];
    if (overlaps(prev, next)) continue; // reported as TIME_OVERLAP
    if (!samePlace(prev.destination!, next.location)) {
      add(
        {
          code: 'GEOGRAPHY_GAP',
          severity: 'warning',
          serviceIds: [prev.id, next.id],
          message: `Маршрут не стыкуется: ${label(prev)} прибывает в ${placeLabel(prev.destination!)}, а ${label(next)} отправляется из ${placeLabel(next.location)}`,
        },
        traveller,
      );
      continue;
    }
    const gapMinutes = (next.startAt.getTime() - prev.endAt.getTime()) / 60000;
    if (gapMinutes < ctx.minConnectionMinutes) {
      add(
        {
          code: 'TIGHT_CONNECTION',
          severity: 'warning',
          serviceIds: [prev.id, next.id],
          message: `Короткая стыковка: ${Math.round(gapMinutes)} мин между прибытием (${label(prev)}) и отправлением (${label(next)}), минимум ${ctx.minConnectionMinutes} мин`,
        },
        traveller,
      );
    }
  }
  // stays and excursions: the traveller should already be in that city
  for (const s of own) {
    if (s.type !== 'hotel' && s.type !== 'excursion') continue;
    const arrivedBefore = transports.filter((t) => t.endAt.getTime() <= s.startAt.getTime());
    const last = arrivedBefore[arrivedBefore.length - 1];
    if (last && sameCity(last.destination!, s.location)) continue;
    const laterArrival = transports.find(
      (t) => t.endAt.getTime() > s.startAt.getTime() && sameCity(t.destination!, s.location),
    );
    if (laterArrival && s.type === 'hotel') {
      add(
        {
          code: 'CHECK_IN_BEFORE_ARRIVAL',
          severity: 'warning',
          serviceIds: [s.id, laterArrival.id],
          message: `Заезд в гостиницу в городе ${s.location.city} (${localLabel(s.startAt, s.location.timeZone)}) раньше прибытия туда: ${label(laterArrival)}`,
        },
        traveller,
      );
    } else if (last) {
      add(
        {
          code: 'GEOGRAPHY_GAP',
          severity: 'warning',
          serviceIds: [last.id, s.id],
          message: `Маршрут не стыкуется: ${label(last)} прибывает в ${placeLabel(last.destination!)}, а ${label(s)} находится в городе ${s.location.city}`,
        },
        traveller,
      );
    }
  }
}

function passports(services: readonly Service[], ctx: ConflictContext, add: Add): void {
  if (!ctx.passports || services.length === 0) return;
  const home = ctx.homeCountry ?? 'RU';
  for (const p of ctx.passports) {
    const own = services.filter((s) => s.travellerIds.includes(p.travellerId));
    if (own.length === 0) continue;
    const abroad = own.some(
      (s) => s.location.country !== home || (s.destination !== null && s.destination.country !== home),
    );
    const relevant = p.passports.filter((x) => (abroad ? x.kind === 'foreign' : true));
    if (relevant.length === 0) continue;
    if (relevant.some((x) => x.expiresAt === null)) continue;
    const tripEnd = own.reduce((m, s) => (s.endAt.getTime() > m.endAt.getTime() ? s : m));
    const endDate = tripEnd.endAt.toISOString().slice(0, 10);
    const best = relevant
      .map((x) => x.expiresAt!)
      .sort()
      .pop()!;
    const ids = own.map((s) => s.id).sort();
    if (best < endDate) {
      add(
        {
          code: 'PASSPORT_EXPIRED',
          severity: 'error',
          serviceIds: ids,
          message: `Паспорт путешественника действителен до ${best}, а поездка заканчивается ${endDate}`,
        },
        p.travellerId,
      );
    } else if (best < addMonths(endDate, 6)) {
      add(
        {
          code: 'PASSPORT_EXPIRES_SOON',
          severity: 'warning',
          serviceIds: ids,
          message: `Паспорт путешественника истекает ${best} — менее чем через 6 месяцев после окончания поездки (${endDate})`,
        },
        p.travellerId,
      );
    }
  }
}

/** A stable identity of a conflict, for telling new conflicts from ones already accepted. */
export function conflictKey(c: Pick<Conflict, 'code' | 'serviceIds' | 'travellerIds'>): string {
  // a passport problem belongs to the traveller, whatever services the trip has
  if (c.code === 'PASSPORT_EXPIRED' || c.code === 'PASSPORT_EXPIRES_SOON') {
    return `${c.code}|t:${[...c.travellerIds].sort().join(',')}`;
  }
  return `${c.code}|${[...c.serviceIds].sort().join(',')}`;
}
