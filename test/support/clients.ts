import { randomInt } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** A random, valid Russian mobile number in three spellings (E.164, `8 (9xx) …`, bare 11 digits). */
export function randomPhone(): { e164: string; local: string; bare: string; spaced: string } {
  const n = `9${digits(9)}`;
  return {
    e164: `+7${n}`,
    local: `8 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
    bare: `7${n}`,
    spaced: `+7 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
  };
}

export function randomEmail(): string {
  return `client.${Date.now().toString(36)}.${digits(6)}@example-mail.ru`;
}

/** An internal passport: 4-digit series (first digit non-zero), 6-digit number. */
export function randomPassport(): { series: string; number: string } {
  return { series: `${randomInt(1, 10)}${digits(3)}`, number: `${randomInt(1, 10)}${digits(5)}` };
}

export function clientBody(overrides: Record<string, unknown> = {}) {
  const phone = randomPhone();
  const passport = randomPassport();
  return {
    body: {
      fullName: 'Иванов Иван Иванович',
      latinName: 'IVANOV IVAN',
      emails: [randomEmail()],
      phones: [phone.local],
      passports: [
        { kind: 'internal' as const, ...passport, issuedAt: '2015-03-01', issuedBy: 'ОУФМС России' },
      ],
      birthDate: '1985-05-17',
      telegram: '@ivanov_test',
      notes: 'Предпочитает места у окна',
      consent: { givenAt: '2026-11-22T10:00:00+03:00', channel: 'web', textVersion: '2025-09' },
      ...overrides,
    },
    phone,
    passport,
  };
}

/** Rows of a query run straight on the test database (what a dump or a DBA would see). */
export async function dbRows<R = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as R[];
  } finally {
    await c.end();
  }
}

/** The plain-text SQL dump of a database, as `pg_dump` writes it. */
export function pgDump(url: string): string {
  const r = spawnSync('pg_dump', ['--no-owner', url], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  return r.stdout;
}

/** True when `needle` occurs as a token of its own (not inside a longer run of letters and digits). */
export function containsToken(haystack: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(haystack);
}
