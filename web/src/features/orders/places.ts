/** Places the service form offers; the API takes any city with its IANA time zone. */
export interface Place {
  city: string;
  country: string;
  timeZone: string;
  iata?: string;
}

export const PLACES: Place[] = [
  { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' },
  { city: 'Санкт-Петербург', country: 'RU', timeZone: 'Europe/Moscow', iata: 'LED' },
  { city: 'Сочи', country: 'RU', timeZone: 'Europe/Moscow', iata: 'AER' },
  { city: 'Калининград', country: 'RU', timeZone: 'Europe/Kaliningrad', iata: 'KGD' },
  { city: 'Екатеринбург', country: 'RU', timeZone: 'Asia/Yekaterinburg', iata: 'SVX' },
  { city: 'Париж', country: 'FR', timeZone: 'Europe/Paris', iata: 'CDG' },
  { city: 'Ницца', country: 'FR', timeZone: 'Europe/Paris', iata: 'NCE' },
  { city: 'Рим', country: 'IT', timeZone: 'Europe/Rome', iata: 'FCO' },
  { city: 'Стамбул', country: 'TR', timeZone: 'Europe/Istanbul', iata: 'IST' },
  { city: 'Анталья', country: 'TR', timeZone: 'Europe/Istanbul', iata: 'AYT' },
  { city: 'Дубай', country: 'AE', timeZone: 'Asia/Dubai', iata: 'DXB' },
  { city: 'Тбилиси', country: 'GE', timeZone: 'Asia/Tbilisi', iata: 'TBS' },
  { city: 'Ереван', country: 'AM', timeZone: 'Asia/Yerevan', iata: 'EVN' },
  { city: 'Пхукет', country: 'TH', timeZone: 'Asia/Bangkok', iata: 'HKT' },
];

export const placeByCity = (city: string): Place | undefined => PLACES.find((p) => p.city === city);
