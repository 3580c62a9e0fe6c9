import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CbrFormatError, decodeXml, parseCbrDaily } from './cbr-daily.parser';

const sample = readFileSync(join(__dirname, '../../../../../test/fixtures/cbr-daily-2027-05-01.xml'));

describe('parseCbrDaily', () => {
  it('reads the windows-1251 sample: the date, decimal commas and per-unit rates from Nominal', () => {
    const daily = parseCbrDaily(sample);
    expect(daily.date).toBe('2027-05-01');
    expect(daily.rates).toEqual([
      { currency: 'USD', rate: '92.5012', nominal: 1, value: '92.5012' },
      { currency: 'EUR', rate: '99.1234', nominal: 1, value: '99.1234' },
      { currency: 'CNY', rate: '12.7301', nominal: 1, value: '12.7301' },
      { currency: 'JPY', rate: '0.612345', nominal: 100, value: '61.2345' },
      { currency: 'KZT', rate: '0.184417', nominal: 100, value: '18.4417' },
      { currency: 'TRY', rate: '2.4015', nominal: 10, value: '24.0150' },
    ]);
  });

  it('decodes the Cyrillic names by the declared encoding', () => {
    expect(decodeXml(sample)).toContain('<Name>Японских иен</Name>');
  });

  it('rejects a file without ValCurs/@Date, without Valute entries, or with a malformed Value', () => {
    expect(() => parseCbrDaily('<html>maintenance</html>')).toThrow(CbrFormatError);
    expect(() => parseCbrDaily('<ValCurs Date="01.05.2027"></ValCurs>')).toThrow('no <Valute>');
    expect(() =>
      parseCbrDaily(
        '<ValCurs Date="01.05.2027"><Valute><CharCode>EUR</CharCode><Nominal>1</Nominal><Value>9O,1</Value></Valute></ValCurs>',
      ),
    ).toThrow('bad Value for EUR');
    expect(() =>
      parseCbrDaily(
        '<ValCurs Date="01.05.2027"><Valute><CharCode>EUR</CharCode><Nominal>0</Nominal><Value>90,1</Value></Valute></ValCurs>',
      ),
    ).toThrow('bad Nominal');
  });
});
