import { amountInWords, integerInWords, plural } from './russian-amount';

describe('amountInWords', () => {
  it.each([
    ['0', 'ноль рублей 00 копеек'],
    ['1', 'один рубль 00 копеек'],
    ['2', 'два рубля 00 копеек'],
    ['5', 'пять рублей 00 копеек'],
    ['11', 'одиннадцать рублей 00 копеек'],
    ['21', 'двадцать один рубль 00 копеек'],
    ['101', 'сто один рубль 00 копеек'],
    ['1000', 'одна тысяча рублей 00 копеек'],
    ['1000000', 'один миллион рублей 00 копеек'],
    [
      '123456789.01',
      'сто двадцать три миллиона четыреста пятьдесят шесть тысяч семьсот восемьдесят девять рублей 01 копейка',
    ],
    ['123.45', 'сто двадцать три рубля 45 копеек'],
    ['0.01', 'ноль рублей 01 копейка'],
    ['0.02', 'ноль рублей 02 копейки'],
    ['0.05', 'ноль рублей 05 копеек'],
    ['0.11', 'ноль рублей 11 копеек'],
    ['0.21', 'ноль рублей 21 копейка'],
    ['0.12', 'ноль рублей 12 копеек'],
    ['0.22', 'ноль рублей 22 копейки'],
    ['1000000000', 'один миллиард рублей 00 копеек'],
    [
      '999999999.99',
      'девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек',
    ],
    ['2000', 'две тысячи рублей 00 копеек'],
    ['5000', 'пять тысяч рублей 00 копеек'],
    ['11000', 'одиннадцать тысяч рублей 00 копеек'],
    ['21000', 'двадцать одна тысяча рублей 00 копеек'],
    ['22000', 'двадцать две тысячи рублей 00 копеек'],
    ['2000000', 'два миллиона рублей 00 копеек'],
    ['1001001', 'один миллион одна тысяча один рубль 00 копеек'],
    ['112', 'сто двенадцать рублей 00 копеек'],
    ['1000000001', 'один миллиард один рубль 00 копеек'],
    ['40', 'сорок рублей 00 копеек'],
    ['90', 'девяносто рублей 00 копеек'],
    ['200', 'двести рублей 00 копеек'],
    ['12500', 'двенадцать тысяч пятьсот рублей 00 копеек'],
  ])('spells %s roubles as "%s" when the amount is in RUB', (amount, words) => {
    expect(amountInWords(amount, 'RUB')).toBe(words);
  });

  it.each([
    ['1.01', 'USD', 'один доллар США 01 цент'],
    ['2.02', 'USD', 'два доллара США 02 цента'],
    ['5.11', 'USD', 'пять долларов США 11 центов'],
    ['21.21', 'EUR', 'двадцать один евро 21 евроцент'],
    ['3.05', 'EUR', 'три евро 05 евроцентов'],
    ['1.01', 'CNY', 'один юань 01 фэнь'],
    ['4.03', 'CNY', 'четыре юаня 03 фэня'],
    ['25', 'CNY', 'двадцать пять юаней 00 фэней'],
    ['1', 'TRY', 'одна турецкая лира 00 курушей'],
    ['2', 'TRY', 'две турецкие лиры 00 курушей'],
    ['1000', 'GBP', 'одна тысяча фунтов стерлингов 00 пенсов'],
    ['2', 'CHF', 'два швейцарских франка 00 сантимов'],
    ['7', 'KZT', 'семь тенге 00 тиынов'],
  ])('names the currency when %s is in %s', (amount, currency, words) => {
    expect(amountInWords(amount, currency)).toBe(words);
  });

  it('rounds to kopecks as every money figure does (shared roundMoney: half to even)', () => {
    expect(amountInWords('0.005')).toBe('ноль рублей 00 копеек');
    expect(amountInWords('0.015')).toBe('ноль рублей 02 копейки');
    expect(amountInWords('1.994')).toBe('один рубль 99 копеек');
    expect(amountInWords('1.995')).toBe('два рубля 00 копеек');
    expect(amountInWords('1.985')).toBe('один рубль 98 копеек');
  });

  it('keeps precision beyond floats when the amount is a large decimal string', () => {
    expect(amountInWords('999999999999.99')).toBe(
      'девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек',
    );
  });

  it('capitalises and writes minus when asked and negative', () => {
    expect(amountInWords('123.45', 'RUB', { capitalize: true })).toBe('Сто двадцать три рубля 45 копеек');
    expect(amountInWords('-5', 'RUB')).toBe('минус пять рублей 00 копеек');
    expect(amountInWords('-0.001', 'RUB')).toBe('ноль рублей 00 копеек');
  });

  it('keeps the ISO code when the currency has no Russian name', () => {
    expect(amountInWords('12.5', 'XYZ')).toBe('двенадцать (XYZ) 50/100');
  });
});

describe('integerInWords and plural', () => {
  it('agrees with a feminine noun when asked', () => {
    expect(integerInWords(1n, 'f')).toBe('одна');
    expect(integerInWords(22n, 'f')).toBe('двадцать две');
    expect(integerInWords(0n)).toBe('ноль');
  });

  it('rejects negative and too large numbers', () => {
    expect(() => integerInWords(-1n)).toThrow(RangeError);
    expect(() => integerInWords(10n ** 18n)).toThrow(RangeError);
  });

  it.each([
    [1, 0],
    [2, 1],
    [4, 1],
    [5, 2],
    [11, 2],
    [14, 2],
    [21, 0],
    [111, 2],
    [112, 2],
    [122, 1],
    [1001, 0],
  ])('picks form %#: %i → %i', (count, form) => {
    expect(plural(count, ['a', 'b', 'c'])).toBe(['a', 'b', 'c'][form]);
  });
});

describe('every number up to a billion', () => {
  function words(v: number): string {
    return integerInWords(BigInt(v));
  }

  it('has no stray spaces and agrees the noun with the last digits when swept from 0 to 10⁹', () => {
    for (let v = 0; v <= 1_000_000_000; v += v < 2000 ? 1 : v < 200_000 ? 37 : 999_983) {
      const text = amountInWords(String(v));
      expect(text).not.toMatch(/\s{2}|^\s|\s$/);
      const last =
        v % 100 >= 11 && v % 100 <= 19
          ? 'рублей'
          : (['рублей', 'рубль', 'рубля', 'рубля', 'рубля'][v % 10] ?? 'рублей');
      expect(text).toContain(` ${last} 00 копеек`);
      expect(text.startsWith(words(v))).toBe(true);
    }
  });
});
