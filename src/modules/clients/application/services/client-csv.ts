import { DomainError, type FieldError, ValidationError } from '../../../../shared/domain/domain-error';
import type { ClientInput, PassportInput } from '../../domain/client';
import { parseDate } from '../../domain/personal-data';

/**
 * The pure parts of the CSV import: telling the encoding and the delimiter from the first bytes,
 * mapping a Russian or English header, and turning one row into a ClientInput (or the reason it
 * cannot be one). The client domain then validates and normalises exactly as for the API.
 */

export type CsvEncoding = 'utf-8' | 'windows-1251';
export type CsvColumn = 'fullName' | 'phone' | 'email' | 'passport' | 'birthDate';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** UTF-8 (with or without BOM) unless the bytes are not valid UTF-8, then Windows-1251. */
export function sniffEncoding(head: Buffer, complete: boolean): { encoding: CsvEncoding; bom: boolean } {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return { encoding: 'utf-8', bom: true };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // the sample may end inside a multi-byte character: allow up to 3 bytes of it to be cut off
  for (let cut = 0; cut <= (complete ? 0 : Math.min(3, head.length)); cut++) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return { encoding: 'utf-8', bom: false };
    } catch {
      // try a shorter sample
    }
  }
  return { encoding: 'windows-1251', bom: false };
}

/** `;` or `,`, whichever the first line has more of outside quotes (`;` on a tie: Russian Excel). */
export function sniffDelimiter(firstLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

const HEADER_NAMES: Record<string, CsvColumn> = {
  фио: 'fullName',
  fullname: 'fullName',
  'full name': 'fullName',
  телефон: 'phone',
  phone: 'phone',
  email: 'email',
  'e-mail': 'email',
  почта: 'email',
  паспорт: 'passport',
  passport: 'passport',
  'дата рождения': 'birthDate',
  birthdate: 'birthDate',
  'birth date': 'birthDate',
};

/** Header cell → column; unknown columns are ignored. 422 when there is no name column or one is doubled. */
export function mapHeader(cells: readonly string[]): Map<number, CsvColumn> {
  const map = new Map<number, CsvColumn>();
  const seen = new Set<CsvColumn>();
  const errors: FieldError[] = [];
  cells.forEach((cell, i) => {
    const key = cell
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[\s_]+/g, ' ');
    const column = HEADER_NAMES[key] ?? HEADER_NAMES[key.replace(/ /g, '')];
    if (!column) return;
    if (seen.has(column)) errors.push({ field: 'header', message: `column ${column} appears twice` });
    seen.add(column);
    map.set(i, column);
  });
  if (!seen.has('fullName')) {
    errors.push({ field: 'header', message: 'the header needs a name column: ФИО or fullName' });
  }
  if (errors.length > 0) {
    throw new DomainError('CLIENTS.IMPORT_HEADER', 'The first line is not a usable header', {}, errors);
  }
  return map;
}

export interface InvalidRow {
  field: string;
  reason: string;
}

/** A passport cell: `4510 123456` (internal: 4 + 6 digits), `75 1234567` (foreign: 2 + 7), or another foreign number. */
export function parsePassport(raw: string): PassportInput | null {
  const compact = raw.replace(/[\s№-]/g, '').toUpperCase();
  if (/^\d{10}$/.test(compact))
    return { kind: 'internal', series: compact.slice(0, 4), number: compact.slice(4) };
  if (/^\d{9}$/.test(compact))
    return { kind: 'foreign', series: compact.slice(0, 2), number: compact.slice(2) };
  if (/^[0-9A-Z]{5,20}$/.test(compact)) return { kind: 'foreign', series: '', number: compact };
  return null;
}

/** One data row as a client input, or why it cannot be one (by column, never quoting the value). */
export function rowToInput(
  cells: readonly string[],
  header: ReadonlyMap<number, CsvColumn>,
): { input: ClientInput } | { invalid: InvalidRow } {
  const v: Partial<Record<CsvColumn, string>> = {};
  for (const [i, column] of header) {
    const cell = (cells[i] ?? '').trim();
    if (cell !== '') v[column] = cell;
  }
  if (!v.fullName) return { invalid: { field: 'fullName', reason: 'fullName must not be empty' } };
  if (!v.phone && !v.email && !v.passport) {
    return {
      invalid: {
        field: 'phone',
        reason:
          'a row needs a phone, an e-mail or a passport, so that re-imports and duplicates can be recognised',
      },
    };
  }
  let passport: PassportInput | null = null;
  if (v.passport) {
    passport = parsePassport(v.passport);
    if (passport === null) {
      return {
        invalid: {
          field: 'passport',
          reason: 'passport must be series and number: 4 + 6 digits (internal) or 2 + 7 digits (foreign)',
        },
      };
    }
  }
  let birthDate: string | null = null;
  if (v.birthDate) {
    birthDate = parseDate(v.birthDate);
    if (birthDate === null) {
      return {
        invalid: { field: 'birthDate', reason: 'birthDate must be a real date as ДД.ММ.ГГГГ or YYYY-MM-DD' },
      };
    }
  }
  return {
    input: {
      fullName: v.fullName,
      phones: v.phone ? [v.phone] : [],
      emails: v.email ? [v.email] : [],
      passports: passport ? [passport] : [],
      birthDate,
    },
  };
}

const PATH_TO_COLUMN: Array<[RegExp, CsvColumn]> = [
  [/^phones\b/, 'phone'],
  [/^emails\b/, 'email'],
  [/^passports\b/, 'passport'],
  [/^birthDate\b/, 'birthDate'],
  [/^fullName\b/, 'fullName'],
];

/** The domain's first field error, named by the CSV column it came from. */
export function invalidFromValidation(err: ValidationError): InvalidRow {
  const first = err.fieldErrors[0] ?? { field: 'row', message: err.message };
  const hit = PATH_TO_COLUMN.find(([re]) => re.test(first.field));
  if (!hit) return { field: first.field, reason: first.message };
  const path = first.field.replace(/\.[a-zA-Z]+$/, '');
  return { field: hit[1], reason: first.message.replace(path, hit[1]).replace(first.field, hit[1]) };
}
