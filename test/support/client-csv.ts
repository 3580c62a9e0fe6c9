import { randomEmail, randomPassport, randomPhone } from './clients';

/** What the import must report for one row of a generated file. */
export type Expected =
  | { status: 'created' }
  | { status: 'duplicate'; field: 'phone' | 'email' | 'passport'; ofRow: number }
  | { status: 'duplicate'; field: 'phone' | 'email' | 'passport'; ofExisting: number }
  | { status: 'invalid'; field: string };

export interface ExistingClient {
  phone: string;
  email: string;
  passport: { series: string; number: string };
}

export interface GeneratedCsv {
  header: string[];
  rows: string[][];
  /** By line number (header = 1). */
  expected: Map<number, Expected>;
  /** Created rows: line → what the client must hold. */
  createdData: Map<number, { fullName: string; phone: string | null; birthDate: string | null }>;
}

const SURNAMES = [
  'Иванов',
  'Петров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Козлов',
  'Новиков',
  'Морозов',
];
const NAMES = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Андрей', 'Дмитрий', 'Михаил', 'Юрий', 'Олег', 'Фёдор'];

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length];
}

/** Existing clients the file refers to (they must be created through the API before the import). */
export function existingClients(n: number): ExistingClient[] {
  return Array.from({ length: n }, () => ({
    phone: randomPhone().e164,
    email: randomEmail(),
    passport: randomPassport(),
  }));
}

/**
 * A mixed file of `n` rows: mostly new clients (phones in every spelling, e-mails, passports,
 * birth dates as ДД.ММ.ГГГГ and ISO), duplicates of earlier rows, duplicates of existing
 * clients, and broken rows of every kind; plus a name with the delimiter and quotes in it.
 */
export function generateClientsCsv(n: number, existing: ExistingClient[], english = false): GeneratedCsv {
  const header = english
    ? ['fullName', 'phone', 'Email', 'passport', 'birthDate', 'comment']
    : ['ФИО', 'Телефон', 'Email', 'Паспорт', 'Дата рождения', 'Комментарий'];
  const rows: string[][] = [];
  const expected = new Map<number, Expected>();
  const createdData = new Map<number, { fullName: string; phone: string | null; birthDate: string | null }>();
  const created: Array<{
    line: number;
    phone: ReturnType<typeof randomPhone>;
    email: string | null;
    passport: { series: string; number: string } | null;
  }> = [];
  const usedPhones = new Set(existing.map((e) => e.phone));
  const freshPhone = () => {
    for (;;) {
      const p = randomPhone();
      if (!usedPhones.has(p.e164)) {
        usedPhones.add(p.e164);
        return p;
      }
    }
  };
  const usedPassports = new Set(existing.map((e) => `${e.passport.series}${e.passport.number}`));
  const freshPassport = () => {
    for (;;) {
      const p = randomPassport();
      if (!usedPassports.has(`${p.series}${p.number}`)) {
        usedPassports.add(`${p.series}${p.number}`);
        return p;
      }
    }
  };
  for (let i = 0; i < n; i++) {
    const line = i + 2;
    const fullName = `${pick(SURNAMES, i)} ${pick(NAMES, i * 7 + 3)} Тест${i}`;
    const kind = i % 20;
    if (kind === 3 && created.length > 10) {
      // duplicate of an earlier row, by one identifier spelled differently
      const src = created[(i * 13) % created.length];
      const which = i % 3;
      if (which === 0) {
        rows.push([fullName, src.phone.local, '', '', '', 'дубль по телефону']);
        expected.set(line, { status: 'duplicate', field: 'phone', ofRow: src.line });
        continue;
      }
      if (which === 1 && src.email) {
        rows.push([fullName, '', `  ${src.email.toUpperCase()} `, '', '', '']);
        expected.set(line, { status: 'duplicate', field: 'email', ofRow: src.line });
        continue;
      }
      if (src.passport) {
        rows.push([fullName, '', '', `${src.passport.series} ${src.passport.number}`, '', '']);
        expected.set(line, { status: 'duplicate', field: 'passport', ofRow: src.line });
        continue;
      }
      rows.push([fullName, src.phone.bare, '', '', '', '']);
      expected.set(line, { status: 'duplicate', field: 'phone', ofRow: src.line });
      continue;
    }
    if (kind === 7 && existing.length > 0) {
      const idx = i % existing.length;
      const e = existing[idx];
      const which = i % 3;
      if (which === 0) rows.push([fullName, `8${e.phone.slice(2)}`, '', '', '', '']);
      else if (which === 1) rows.push([fullName, '', e.email.toUpperCase(), '', '', '']);
      else rows.push([fullName, '', '', `${e.passport.series}${e.passport.number}`, '', '']);
      expected.set(line, {
        status: 'duplicate',
        field: (['phone', 'email', 'passport'] as const)[which],
        ofExisting: idx,
      });
      continue;
    }
    if (kind === 11) {
      const broken: Array<[string[], string]> = [
        [[fullName, '12345', '', '', '', ''], 'phone'],
        [[fullName, '', 'not-an-email', '', '', ''], 'email'],
        [[fullName, freshPhone().e164, '', '', '31.02.1990', ''], 'birthDate'],
        [['', freshPhone().e164, '', '', '', ''], 'fullName'],
        [[fullName, '', '', '', '01.01.1990', 'нет контактов'], 'phone'],
        [[fullName, '', '', '12-34', '', ''], 'passport'],
        [[fullName, freshPhone().e164, '', '', '2999-01-01', ''], 'birthDate'],
      ];
      const [cells, field] = broken[Math.floor(i / 20) % broken.length];
      rows.push(cells);
      expected.set(line, { status: 'invalid', field });
      continue;
    }
    const phone = freshPhone();
    const spelling = [phone.e164, phone.local, phone.bare, phone.spaced][i % 4];
    const email = i % 2 === 0 ? randomEmail().replace('client.', `c${i}.`) : null;
    const passport = i % 3 !== 0 ? freshPassport() : null;
    const iso = `19${50 + (i % 50)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const birth = i % 5 === 0 ? null : i % 2 === 0 ? iso : iso.split('-').reverse().join('.');
    const name = i === 5 ? `Иванов; "Вано", Иван` : fullName;
    rows.push([
      name,
      spelling,
      email ?? '',
      passport ? `${passport.series} ${passport.number}` : '',
      birth ?? '',
      i % 9 === 0 ? 'VIP, звонить вечером' : '',
    ]);
    expected.set(line, { status: 'created' });
    createdData.set(line, { fullName: name, phone: phone.e164, birthDate: birth === null ? null : iso });
    created.push({ line, phone, email, passport });
  }
  return { header, rows, expected, createdData };
}

/** CSV text with `delimiter`, quoting fields that need it, CRLF line ends (as Excel writes them). */
export function toCsv(header: string[], rows: string[][], delimiter: ';' | ','): string {
  const cell = (v: string) => (/[";,\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}
