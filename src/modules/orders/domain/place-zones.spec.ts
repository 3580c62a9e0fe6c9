import { nameKey, resolvePlaceZone, transliterations } from './place-zones';

describe('place zones from the airport and city datasets', () => {
  it('finds the zone of an IATA airport or city code', () => {
    expect(resolvePlaceZone({ iata: 'CDG' })).toEqual({ timeZone: 'Europe/Paris', from: 'iata' });
    expect(resolvePlaceZone({ iata: 'svo', country: 'RU' })).toEqual({
      timeZone: 'Europe/Moscow',
      from: 'iata',
    });
    expect(resolvePlaceZone({ iata: 'PAR' })?.timeZone).toBe('Europe/Paris');
    expect(resolvePlaceZone({ iata: 'JFK', country: 'US' })?.timeZone).toBe('America/New_York');
  });

  it('finds Russian and Latin city names in their country, exonyms and transliterations alike', () => {
    const zone = (city: string, country: string) => resolvePlaceZone({ city, country })?.timeZone;
    expect(zone('Париж', 'FR')).toBe('Europe/Paris');
    expect(zone('Paris', 'fr')).toBe('Europe/Paris');
    expect(zone('Москва', 'RU')).toBe('Europe/Moscow');
    expect(zone('Санкт-Петербург', 'RU')).toBe('Europe/Moscow');
    expect(zone('Saint Petersburg', 'RU')).toBe('Europe/Moscow');
    expect(zone('Сочи', 'RU')).toBe('Europe/Moscow');
    expect(zone('Стамбул', 'TR')).toBe('Europe/Istanbul');
    expect(zone('Анталья', 'TR')).toBe('Europe/Istanbul');
    expect(zone('Екатеринбург', 'RU')).toBe('Asia/Yekaterinburg');
    expect(zone('Калининград', 'RU')).toBe('Europe/Kaliningrad');
    expect(zone('Владивосток', 'RU')).toBe('Asia/Vladivostok');
    expect(zone('Дубай', 'AE')).toBe('Asia/Dubai');
    expect(resolvePlaceZone({ city: 'Сочи', country: 'RU' })?.from).toBe('city');
  });

  it('keeps a city to its country, and falls back to the city when the code is of another country', () => {
    // St. Petersburg, Florida is not St. Petersburg, Russia
    expect(resolvePlaceZone({ city: 'St. Petersburg', country: 'US' })?.timeZone).toBe('America/New_York');
    expect(resolvePlaceZone({ iata: 'CDG', city: 'Сочи', country: 'RU' })).toEqual({
      timeZone: 'Europe/Moscow',
      from: 'city',
    });
  });

  it('knows nothing of made-up places', () => {
    expect(resolvePlaceZone({ city: 'Нигдеград', country: 'RU' })).toBeNull();
    expect(resolvePlaceZone({ iata: 'Q1Z', city: '' })).toBeNull();
    expect(resolvePlaceZone({})).toBeNull();
  });

  it('spells names one way for comparison and transliterates with the common variants', () => {
    expect(nameKey('Saint-Étienne')).toBe('st etienne');
    expect(nameKey('St. Petersburg')).toBe(nameKey('Saint Petersburg'));
    expect(transliterations('Анталья')).toContain('antalya');
    expect(transliterations('Екатеринбург')).toEqual(
      expect.arrayContaining(['ekaterinburg', 'yekaterinburg']),
    );
    expect(transliterations('Хабаровск')).toEqual(expect.arrayContaining(['khabarovsk', 'habarovsk']));
  });
});
