import type { FieldError } from '../../../shared/domain/domain-error';
import { type ConflictContext, detectConflicts } from './conflicts.policy';
import { buildService, type Place, type Service, type ServiceInput } from './service';

/** Places, services and the context the conflict policy specs share. */
export const A = '01934f5e-0000-7000-8000-00000000000a';
export const B = '01934f5e-0000-7000-8000-00000000000b';
export const MOW: Place = { city: 'Москва', country: 'RU', iata: 'SVO', timeZone: 'Europe/Moscow' };
export const MOW_DME: Place = { city: 'Москва', country: 'RU', iata: 'DME', timeZone: 'Europe/Moscow' };
export const LED: Place = {
  city: 'Санкт-Петербург',
  country: 'RU',
  timeZone: 'Europe/Moscow',
  station: 'Московский вокзал',
};
export const MOW_RAIL: Place = {
  city: 'Москва',
  country: 'RU',
  timeZone: 'Europe/Moscow',
  station: 'Ленинградский вокзал',
};
export const CDG: Place = { city: 'Париж', country: 'FR', iata: 'CDG', timeZone: 'Europe/Paris' };
export const ORY: Place = { city: 'Париж', country: 'FR', iata: 'ORY', timeZone: 'Europe/Paris' };
export const FCO: Place = { city: 'Рим', country: 'IT', iata: 'FCO', timeZone: 'Europe/Rome' };
export const PARIS: Place = { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris' };
export const ROME: Place = { city: 'Рим', country: 'IT', timeZone: 'Europe/Rome' };
export const NYC: Place = { city: 'Нью-Йорк', country: 'US', iata: 'JFK', timeZone: 'America/New_York' };

let n = 0;
export function svc(
  input: Partial<ServiceInput> & Pick<ServiceInput, 'type' | 'startAt' | 'endAt' | 'location'>,
): Service {
  n += 1;
  const errors: FieldError[] = [];
  const s = buildService(
    `01934f5e-0000-7000-8000-${String(n).padStart(12, '0')}`,
    { price: '100.00', currency: 'RUB', ...input },
    'RUB',
    [A, B],
    errors,
  );
  if (!s) throw new Error(JSON.stringify(errors));
  return s;
}

export const ctx: ConflictContext = { minConnectionMinutes: 60 };
export const codes = (services: Service[], c: ConflictContext = ctx) =>
  detectConflicts(services, c).map((x) => `${x.severity}:${x.code}`);
