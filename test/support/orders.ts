import type { CrmClient } from '../../client';
import { clientBody } from './clients';

/** Creates a client (random contacts, an internal passport, optionally a foreign one) and returns its id. */
export async function newClient(
  as: CrmClient,
  fullName = 'Петров Пётр Петрович',
  foreignPassportExpiresAt?: string,
): Promise<string> {
  const c = clientBody({ fullName });
  const passports = [...(c.body.passports as unknown[])];
  if (foreignPassportExpiresAt) {
    passports.push({
      kind: 'foreign',
      series: '75',
      number: String(1000000 + Math.floor(Math.random() * 8999999)),
      issuedAt: '2020-01-10',
      expiresAt: foreignPassportExpiresAt,
    });
  }
  const r = await as.POST('/api/v1/clients', {
    body: { ...c.body, passports } as never,
    params: { query: { allowDuplicate: true } },
  });
  if (r.response.status !== 201) throw new Error(`client create failed: ${JSON.stringify(r.error)}`);
  return r.data!.id;
}

export const MOW = { city: 'Москва', country: 'RU', iata: 'SVO', timeZone: 'Europe/Moscow' };
export const PAR = { city: 'Париж', country: 'FR', iata: 'CDG', timeZone: 'Europe/Paris' };
export const ROM = { city: 'Рим', country: 'IT', iata: 'FCO', timeZone: 'Europe/Rome' };

/** A flight body; times default to a Moscow → Paris flight on 1 June 2027. */
export function flight(overrides: Record<string, unknown> = {}) {
  return {
    type: 'flight' as const,
    startAt: '2027-06-01T10:00:00+03:00',
    endAt: '2027-06-01T14:00:00+02:00',
    location: MOW,
    destination: PAR,
    supplier: 'Аэрофлот',
    price: '30000.00',
    currency: 'RUB',
    commission: { percent: '5' },
    details: { flightNumber: 'SU2454' },
    ...overrides,
  };
}

export function hotel(overrides: Record<string, unknown> = {}) {
  return {
    type: 'hotel' as const,
    startAt: '2027-06-01T15:00:00+02:00',
    endAt: '2027-06-05T12:00:00+02:00',
    location: { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', address: 'Rue de Rivoli 1' },
    supplier: 'Hotel Louvre',
    price: '400.00',
    currency: 'EUR',
    rate: '98.50',
    commission: { amount: '20.00' },
    ...overrides,
  };
}
