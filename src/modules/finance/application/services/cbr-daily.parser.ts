import { rateString } from '../../../../shared/domain/money';
import Decimal from 'decimal.js';
import * as iconv from 'iconv-lite';

export interface CbrRate {
  /** ISO 4217 letter code. */
  currency: string;
  /** Roubles per one unit (Value / Nominal), at most 8 decimals. */
  rate: string;
  nominal: number;
  /** CBR's quoted value for `nominal` units. */
  value: string;
}

export interface CbrDaily {
  /** YYYY-MM-DD from ValCurs/@Date (DD.MM.YYYY). */
  date: string;
  rates: CbrRate[];
}

export class CbrFormatError extends Error {}

/** Decodes the bytes by the XML declaration's encoding (the CBR serves windows-1251). */
export function decodeXml(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const enc = /encoding=["']([\w-]+)["']/i.exec(head)?.[1] ?? 'utf-8';
  if (!iconv.encodingExists(enc)) throw new CbrFormatError(`unsupported encoding ${enc}`);
  return iconv.decode(bytes, enc);
}

const tag = (block: string, name: string): string | undefined =>
  new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(block)?.[1];

/**
 * Parses the Central Bank of Russia's daily rates (`XML_daily.asp`): `<ValCurs Date="DD.MM.YYYY">`
 * with `<Valute>` blocks of `CharCode`, `Nominal` and `Value` written with a decimal comma.
 */
export function parseCbrDaily(input: Buffer | string): CbrDaily {
  const xml = typeof input === 'string' ? input : decodeXml(input);
  const dm = /<ValCurs[^>]*\bDate="(\d{2})\.(\d{2})\.(\d{4})"/.exec(xml);
  if (!dm) throw new CbrFormatError('not a CBR daily file: no <ValCurs Date="DD.MM.YYYY">');
  const date = `${dm[3]}-${dm[2]}-${dm[1]}`;
  const rates: CbrRate[] = [];
  for (const m of xml.matchAll(/<Valute\b[^>]*>([\s\S]*?)<\/Valute>/g)) {
    const block = m[1];
    const currency = tag(block, 'CharCode');
    const nominalRaw = tag(block, 'Nominal');
    const valueRaw = tag(block, 'Value');
    if (!currency || !/^[A-Z]{3}$/.test(currency))
      throw new CbrFormatError(`bad CharCode in ${block.trim()}`);
    if (!nominalRaw || !/^\d+$/.test(nominalRaw) || Number(nominalRaw) < 1) {
      throw new CbrFormatError(`bad Nominal for ${currency}`);
    }
    if (!valueRaw || !/^\d+(,\d+)?$/.test(valueRaw)) throw new CbrFormatError(`bad Value for ${currency}`);
    const value = valueRaw.replace(',', '.');
    const nominal = Number(nominalRaw);
    const rate = rateString(new Decimal(value).div(nominal));
    rates.push({ currency, rate, nominal, value });
  }
  if (rates.length === 0) throw new CbrFormatError('no <Valute> entries');
  return { date, rates };
}
