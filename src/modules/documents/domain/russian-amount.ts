import Decimal from 'decimal.js';
import { roundMoney } from '../../../shared/domain/money';

/** Grammatical gender of a Russian noun: decides `один / одна` and `два / две`. */
type Gender = 'm' | 'f';

/** A noun in its three counting forms: 1 (рубль), 2–4 (рубля), 5+ (рублей). */
interface Noun {
  forms: readonly [one: string, few: string, many: string];
  gender: Gender;
}

export interface CurrencyWords {
  major: Noun;
  minor: Noun;
}

const n = (one: string, few: string, many: string, gender: Gender = 'm'): Noun => ({
  forms: [one, few, many],
  gender,
});

/** Currency names as Russian accounting documents write them. */
export const CURRENCY_WORDS: Readonly<Record<string, CurrencyWords>> = {
  RUB: { major: n('рубль', 'рубля', 'рублей'), minor: n('копейка', 'копейки', 'копеек', 'f') },
  USD: { major: n('доллар США', 'доллара США', 'долларов США'), minor: n('цент', 'цента', 'центов') },
  EUR: { major: n('евро', 'евро', 'евро'), minor: n('евроцент', 'евроцента', 'евроцентов') },
  CNY: { major: n('юань', 'юаня', 'юаней'), minor: n('фэнь', 'фэня', 'фэней') },
  GBP: {
    major: n('фунт стерлингов', 'фунта стерлингов', 'фунтов стерлингов'),
    minor: n('пенс', 'пенса', 'пенсов'),
  },
  CHF: {
    major: n('швейцарский франк', 'швейцарских франка', 'швейцарских франков'),
    minor: n('сантим', 'сантима', 'сантимов'),
  },
  TRY: {
    major: n('турецкая лира', 'турецкие лиры', 'турецких лир', 'f'),
    minor: n('куруш', 'куруша', 'курушей'),
  },
  AED: { major: n('дирхам ОАЭ', 'дирхама ОАЭ', 'дирхамов ОАЭ'), minor: n('филс', 'филса', 'филсов') },
  KZT: { major: n('тенге', 'тенге', 'тенге'), minor: n('тиын', 'тиына', 'тиынов') },
  BYN: {
    major: n('белорусский рубль', 'белорусских рубля', 'белорусских рублей'),
    minor: n('копейка', 'копейки', 'копеек', 'f'),
  },
  THB: { major: n('бат', 'бата', 'батов'), minor: n('сатанг', 'сатанга', 'сатангов') },
  GEL: { major: n('лари', 'лари', 'лари'), minor: n('тетри', 'тетри', 'тетри') },
  JPY: { major: n('иена', 'иены', 'иен', 'f'), minor: n('сен', 'сена', 'сенов') },
};

const UNITS_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];

/** Scales above units, each with its own noun (тысяча is feminine). */
const SCALES: readonly Noun[] = [
  n('тысяча', 'тысячи', 'тысяч', 'f'),
  n('миллион', 'миллиона', 'миллионов'),
  n('миллиард', 'миллиарда', 'миллиардов'),
  n('триллион', 'триллиона', 'триллионов'),
];

/** The counting form for `count`: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль. */
export function plural(count: bigint | number, forms: readonly [string, string, string]): string {
  const abs = BigInt(count) < 0n ? -BigInt(count) : BigInt(count);
  const mod100 = Number(abs % 100n);
  const mod10 = Number(abs % 10n);
  if (mod100 >= 11 && mod100 <= 19) return forms[2];
  if (mod10 === 1) return forms[0];
  if (mod10 >= 2 && mod10 <= 4) return forms[1];
  return forms[2];
}

function triadWords(triad: number, gender: Gender): string[] {
  const words: string[] = [];
  const h = Math.floor(triad / 100);
  const rest = triad % 100;
  if (h > 0) words.push(HUNDREDS[h]);
  if (rest >= 10 && rest <= 19) {
    words.push(TEENS[rest - 10]);
  } else {
    const t = Math.floor(rest / 10);
    const u = rest % 10;
    if (t > 0) words.push(TENS[t]);
    if (u > 0) words.push((gender === 'f' ? UNITS_F : UNITS_M)[u]);
  }
  return words;
}

/**
 * A non-negative whole number in Russian words, agreeing in gender with the noun that follows
 * (`одна тысяча`, `два миллиона`, `две копейки`). Up to 999 999 999 999 999.
 */
export function integerInWords(value: bigint, gender: Gender = 'm'): string {
  if (value < 0n) throw new RangeError('integerInWords takes a non-negative number');
  if (value === 0n) return 'ноль';
  const triads: number[] = [];
  for (let v = value; v > 0n; v /= 1000n) triads.push(Number(v % 1000n));
  if (triads.length > SCALES.length + 1) throw new RangeError('number too large to spell');
  const words: string[] = [];
  for (let i = triads.length - 1; i >= 0; i -= 1) {
    const triad = triads[i];
    if (triad === 0) continue;
    if (i === 0) {
      words.push(...triadWords(triad, gender));
    } else {
      const scale = SCALES[i - 1];
      words.push(...triadWords(triad, scale.gender), plural(triad, scale.forms));
    }
  }
  return words.join(' ');
}

export interface AmountInWordsOptions {
  /** `Сто двадцать три рубля …` — as the first words of a sentence. */
  capitalize?: boolean;
}

/**
 * An amount in Russian words with the minor units in figures, as invoices and acts write it:
 * `сто двадцать три рубля 45 копеек`. Rounds half-up to kopecks; currencies not in
 * {@link CURRENCY_WORDS} keep their ISO code (`сто двадцать три (XYZ) 45/100`).
 */
export function amountInWords(
  amount: Decimal.Value,
  currency = 'RUB',
  options: AmountInWordsOptions = {},
): string {
  const value = roundMoney(amount);
  const negative = value.isNegative() && !value.isZero();
  const abs = value.abs();
  const major = BigInt(abs.floor().toFixed(0));
  const minor = BigInt(abs.minus(abs.floor()).times(100).toFixed(0));
  const minorFigures = minor.toString().padStart(2, '0');
  const words = CURRENCY_WORDS[currency.toUpperCase()];
  let text: string;
  if (words) {
    text =
      `${integerInWords(major, words.major.gender)} ${plural(major, words.major.forms)} ` +
      `${minorFigures} ${plural(minor, words.minor.forms)}`;
  } else {
    text = `${integerInWords(major)} (${currency.toUpperCase()}) ${minorFigures}/100`;
  }
  if (negative) text = `минус ${text}`;
  return options.capitalize ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
