import type { FieldError } from '../../../shared/domain/domain-error';
import { buildService, inputOf, isKnownCurrency, isTimeZone, type ServiceInput } from './service';

const T = '01934f5e-0000-7000-8000-0000000000a1';
const base: ServiceInput = {
  type: 'hotel',
  startAt: '2027-06-01T15:00:00+02:00',
  endAt: '2027-06-05T12:00:00+02:00',
  location: { city: 'Париж', country: 'fr', timeZone: 'Europe/Paris', iata: 'cdg' },
  price: '400.00',
  currency: 'eur',
  rate: '98.5',
};

function build(input: Partial<ServiceInput>, currency = 'RUB') {
  const errors: FieldError[] = [];
  const s = buildService('id', { ...base, ...input } as ServiceInput, currency, [T], errors);
  return { s, fields: errors.map((e) => e.field) };
}

describe('service validation', () => {
  it('normalises codes and defaults the travellers to the order’s', () => {
    const { s } = build({});
    expect(s).toMatchObject({
      currency: 'EUR',
      location: { country: 'FR', iata: 'CDG' },
      travellerIds: [T],
      commission: { percent: '0' },
      amount: '39400.00',
      commissionAmount: '0.00',
    });
    expect(inputOf(s!)).toMatchObject({ price: '400.00', rate: '98.5', startAt: '2027-06-01T13:00:00.000Z' });
  });

  it('requires end ≥ start, price ≥ 0 with 2 decimals, a known currency and a positive rate', () => {
    expect(build({ endAt: '2027-06-01T14:00:00+02:00' }).fields).toEqual(['endAt']);
    expect(build({ price: '-1' }).fields).toEqual(['price']);
    expect(build({ price: '1.001' }).fields).toEqual(['price']);
    expect(build({ currency: 'XXY' }).fields).toContain('currency');
    expect(build({ rate: '0' }).fields).toEqual(['rate']);
    expect(build({ rate: undefined }).fields).toEqual(['rate']);
    expect(build({ currency: 'RUB', rate: '2' }).fields).toEqual(['rate']);
    expect(build({ currency: 'RUB', rate: undefined }).s?.rate).toBe('1');
  });

  it('records where the rate came from: parity, given (manual) or a stored rate with its date', () => {
    expect(build({ currency: 'RUB', rate: undefined }).s).toMatchObject({
      rateSource: 'parity',
      rateDate: null,
    });
    expect(build({}).s).toMatchObject({ rate: '98.5', rateSource: 'manual', rateDate: null });
    expect(build({ rate: '99.1234', rateSource: 'cbr', rateDate: '2027-05-01' }).s).toMatchObject({
      rate: '99.1234',
      rateSource: 'cbr',
      rateDate: '2027-05-01',
      amount: '39649.36',
    });
    expect(inputOf(build({ rate: '99.1234', rateSource: 'cbr', rateDate: '2027-05-01' }).s!)).toMatchObject({
      rateSource: 'cbr',
      rateDate: '2027-05-01',
    });
  });

  it('finds a left-out zone from the IATA code or the city, keeps a given one, and names the field when unknown', () => {
    const noZone = { city: 'Париж', country: 'FR' };
    expect(build({ location: noZone }).s?.location).toMatchObject({
      city: 'Париж',
      timeZone: 'Europe/Paris',
    });
    expect(
      build({ location: { city: 'Шереметьево', country: 'RU', iata: 'SVO' } }).s?.location.timeZone,
    ).toBe('Europe/Moscow');
    // an explicit zone wins over the dataset
    expect(build({ location: { ...noZone, timeZone: 'Europe/Berlin' } }).s?.location.timeZone).toBe(
      'Europe/Berlin',
    );
    expect(build({ location: { city: 'Нигдеград', country: 'RU' } }).fields).toEqual(['location.timeZone']);
    expect(build({ location: { city: 'Нигдеград', country: 'RU', timeZone: null } }).fields).toEqual([
      'location.timeZone',
    ]);
  });

  it('needs an offset on times, a valid IANA zone and a destination for transport', () => {
    expect(build({ startAt: '2027-06-01T15:00:00' }).fields).toEqual(['startAt']);
    expect(build({ location: { ...base.location, timeZone: 'Paris' } }).fields).toEqual([
      'location.timeZone',
    ]);
    expect(build({ type: 'transfer' }).fields).toEqual(['destination']);
    expect(build({ location: { ...base.location, city: ' ', country: 'FRA' } }).fields.sort()).toEqual([
      'location.city',
      'location.country',
    ]);
  });

  it('takes a commission as exactly one of percent (0–100) or amount', () => {
    expect(build({ commission: { percent: '101' } }).fields).toEqual(['commission.percent']);
    expect(build({ commission: { percent: '5', amount: '1.00' } }).fields).toEqual(['commission']);
    expect(build({ commission: {} }).fields).toEqual(['commission']);
    expect(build({ commission: { amount: '20' } }).s?.commission).toEqual({ amount: '20.00' });
    expect(build({ commission: { percent: '2.50' } }).s?.commission).toEqual({ percent: '2.5' });
  });

  it('rejects travellers outside the order, and details that are not an object', () => {
    expect(build({ travellerIds: ['01934f5e-0000-7000-8000-0000000000ff'] }).fields).toEqual([
      'travellerIds[0]',
    ]);
    expect(build({ travellerIds: [] }).fields).toEqual(['travellerIds']);
    expect(build({ details: [] as unknown as Record<string, unknown> }).fields).toEqual(['details']);
  });

  it('knows ISO 4217 currencies and IANA zones', () => {
    expect(isKnownCurrency('RUB')).toBe(true);
    expect(isKnownCurrency('rub')).toBe(false);
    expect(isTimeZone('Asia/Vladivostok')).toBe(true);
    expect(isTimeZone('Asia/Atlantis')).toBe(false);
  });
});
