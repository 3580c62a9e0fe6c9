import * as iconv from 'iconv-lite';
import { DomainError, ValidationError } from '../../../../shared/domain/domain-error';
import { Client } from '../../domain/client';
import {
  invalidFromValidation,
  mapHeader,
  parsePassport,
  rowToInput,
  sniffDelimiter,
  sniffEncoding,
} from './client-csv';

describe('CSV import parsing', () => {
  it('tells UTF-8 with a BOM, UTF-8 without one and Windows-1251 apart when sniffing the first bytes', () => {
    const text = 'ФИО;Телефон\nИванов Иван;+79123456789\n';
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), true)).toEqual({
      encoding: 'utf-8',
      bom: true,
    });
    expect(sniffEncoding(Buffer.from(text), true).encoding).toBe('utf-8');
    expect(sniffEncoding(iconv.encode(text, 'win1251'), true).encoding).toBe('windows-1251');
    expect(sniffEncoding(Buffer.from('fullName,phone\n'), true).encoding).toBe('utf-8');
  });

  it('keeps UTF-8 when the sample ends inside a multi-byte character, but not when the file ends there', () => {
    const bytes = Buffer.from('Ёжиков Ёж');
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(sniffEncoding(cut, false).encoding).toBe('utf-8');
    expect(sniffEncoding(cut, true).encoding).toBe('windows-1251');
  });

  it('picks the delimiter the header line uses most outside quotes, `;` on a tie', () => {
    expect(sniffDelimiter('ФИО;Телефон;Email')).toBe(';');
    expect(sniffDelimiter('fullName,phone,email')).toBe(',');
    expect(sniffDelimiter('"Фамилия, имя";Телефон')).toBe(';');
    expect(sniffDelimiter('ФИО')).toBe(';');
  });

  it('maps Russian and English headers in any case, ignores unknown columns and needs a name column', () => {
    expect([
      ...mapHeader(['\uFEFFФИО', 'Телефон', 'E-mail', 'Паспорт', 'Дата  рождения', 'Комментарий']),
    ]).toEqual([
      [0, 'fullName'],
      [1, 'phone'],
      [2, 'email'],
      [3, 'passport'],
      [4, 'birthDate'],
    ]);
    expect([...mapHeader(['full_name', 'PHONE', 'Email', 'birth date'])].map(([, c]) => c)).toEqual([
      'fullName',
      'phone',
      'email',
      'birthDate',
    ]);
    expect(() => mapHeader(['phone', 'email'])).toThrow(DomainError);
    expect(() => mapHeader(['ФИО', 'fullName'])).toThrow(/not a usable header/);
  });

  it('reads internal, Russian foreign and other foreign passports, and refuses the rest', () => {
    expect(parsePassport('45 10 123456')).toEqual({ kind: 'internal', series: '4510', number: '123456' });
    expect(parsePassport('75 1234567')).toEqual({ kind: 'foreign', series: '75', number: '1234567' });
    expect(parsePassport('c01x00t47')).toEqual({ kind: 'foreign', series: '', number: 'C01X00T47' });
    expect(parsePassport('12-34')).toBeNull();
  });

  it('turns a row into a client input, or names the column at fault without quoting the value', () => {
    const header = mapHeader(['ФИО', 'Телефон', 'Email', 'Паспорт', 'Дата рождения']);
    expect(rowToInput([' Иванов Иван ', '8 912 345-67-89', '', '4510 123456', '17.05.1985'], header)).toEqual(
      {
        input: {
          fullName: 'Иванов Иван',
          phones: ['8 912 345-67-89'],
          emails: [],
          passports: [{ kind: 'internal', series: '4510', number: '123456' }],
          birthDate: '1985-05-17',
        },
      },
    );
    expect(rowToInput(['', '+79123456789'], header)).toEqual({
      invalid: { field: 'fullName', reason: expect.any(String) },
    });
    expect(rowToInput(['Иванов'], header)).toEqual({
      invalid: { field: 'phone', reason: expect.any(String) },
    });
    expect(rowToInput(['Иванов', '', 'a@b.ru', '', '31.02.1990'], header)).toMatchObject({
      invalid: { field: 'birthDate' },
    });
    const bad = rowToInput(['Иванов', '', '', '1-2', ''], header);
    expect(bad).toMatchObject({ invalid: { field: 'passport' } });
    expect(JSON.stringify(bad)).not.toContain('1-2');
  });

  it('names the CSV column of the domain’s first validation error', () => {
    const errorOf = (input: Parameters<typeof Client.create>[1]): ValidationError => {
      try {
        Client.create('c1', input, { by: null, now: new Date('2026-11-22T00:00:00Z') });
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('no error');
    };
    expect(invalidFromValidation(errorOf({ fullName: 'И', phones: ['12345'] }))).toEqual({
      field: 'phone',
      reason: 'phone must be a valid phone number',
    });
    expect(invalidFromValidation(errorOf({ fullName: 'И', emails: ['nope'] })).field).toBe('email');
    expect(
      invalidFromValidation(
        errorOf({ fullName: 'И', passports: [{ kind: 'internal', series: '45', number: '1' }] }),
      ),
    ).toMatchObject({ field: 'passport' });
    expect(invalidFromValidation(new ValidationError([{ field: 'other', message: 'm' }]))).toEqual({
      field: 'other',
      reason: 'm',
    });
  });
});
