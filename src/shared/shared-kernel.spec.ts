import { FieldCipher } from './crypto/field-cipher';
import { pooledRandomBytes } from './crypto/random-pool';
import { diffOf } from './domain/domain-event';
import { isUuid, uuidv7 } from './domain/uuid';
import { flattenValidationErrors } from './errors/validation';
import { redactText, redactValue } from './logging/redact';
import { encodeCursor, pageOf, pageWindow, sortClause } from './pagination/page';
import { expectedVersion } from './http/expected-version';
import { findNul, jsonDepth } from './http/body-parser';
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database/pg-errors';

describe('uuidv7', () => {
  it('makes valid version-7 ids that sort by creation time', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7());
    expect(ids.every((id) => isUuid(id) && id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('pooledRandomBytes', () => {
  it('hands out fresh bytes of the length asked, across pool refills, as copies', () => {
    // 1,000 × 12 bytes is three refills of the 4 KiB pool
    const ivs = Array.from({ length: 1000 }, () => pooledRandomBytes(12));
    expect(ivs.every((b) => b.length === 12)).toBe(true);
    expect(new Set(ivs.map((b) => b.toString('hex'))).size).toBe(ivs.length);
    // not all zero: the pool was filled by the CSPRNG, not handed out unfilled
    expect(ivs.filter((b) => b.every((x) => x === 0))).toHaveLength(0);
    const first = ivs[0].toString('hex');
    ivs[1].fill(0);
    expect(ivs[0].toString('hex')).toBe(first);
    const big = pooledRandomBytes(10_000);
    expect(big.length).toBe(10_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});

describe('FieldCipher', () => {
  const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
  const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };

  it('encrypts under the first key and decrypts with any configured key', () => {
    const old = new FieldCipher([k1]);
    const sealed = old.encrypt('4510 123456');
    expect(sealed).toMatch(/^v1:k1:/);
    expect(sealed).not.toContain('123456');
    const rotated = new FieldCipher([k2, k1]);
    expect(rotated.decrypt(sealed)).toBe('4510 123456');
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.encrypt('x')).toMatch(/^v1:k2:/);
    expect(() => new FieldCipher([k2]).decrypt(sealed)).toThrow(/not configured/);
  });

  it('never reuses an IV: the same value sealed twice differs', () => {
    const c = new FieldCipher([k1]);
    const ivs = new Set(
      Array.from({ length: 800 }, () =>
        Buffer.from(c.encrypt('same', 'client:1').split(':')[2], 'base64').subarray(0, 12).toString('hex'),
      ),
    );
    expect(ivs.size).toBe(800);
  });

  it('detects tampering and binds associated data', () => {
    const c = new FieldCipher([k1]);
    const sealed = c.encrypt('secret', 'client:1');
    expect(() => c.decrypt(sealed, 'client:2')).toThrow();
    const raw = Buffer.from(sealed.split(':')[2], 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => c.decrypt(`v1:k1:${raw.toString('base64')}`, 'client:1')).toThrow();
  });

  it('gives stable blind indexes per purpose that survive adding a new first key', () => {
    const a = new FieldCipher([k1]);
    const b = new FieldCipher([k2, k1]);
    expect(a.blindIndex('email', 'a@b.ru')).toBe(b.blindIndex('email', 'a@b.ru'));
    expect(a.blindIndex('email', 'a@b.ru')).not.toBe(a.blindIndex('phone', 'a@b.ru'));
    expect(FieldCipher.safeEqual('abc', 'abc')).toBe(true);
    expect(FieldCipher.safeEqual('abc', 'abd')).toBe(false);
  });
});

describe('redaction', () => {
  it('masks sensitive keys at any depth and sensitive shapes in text', () => {
    const out = redactValue({
      password: 'p',
      nested: [{ refreshToken: 't', ok: 1 }],
      note: 'call +7 912 345-67-89 or anna@mail.ru',
    }) as Record<string, unknown>;
    expect(out.password).toBe('[redacted]');
    expect((out.nested as Array<Record<string, unknown>>)[0]).toEqual({ refreshToken: '[redacted]', ok: 1 });
    expect(out.note).toBe('call [phone] or a***@mail.ru');
    expect(redactText('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('bot 123456789:AAHabcdefghijklmnopqrstuvwxyz012345678')).toBe('bot [bot-token]');
    expect(redactText('order 2026-000123 total 130000.00')).toBe('order 2026-000123 total 130000.00');
  });
});

describe('pagination', () => {
  it('reads offset or cursor and builds the next cursor only when more rows exist', () => {
    expect(pageWindow({})).toEqual({ limit: 50, offset: 0 });
    expect(pageWindow({ limit: 10, cursor: encodeCursor(30) })).toEqual({ limit: 10, offset: 30 });
    expect(() => pageWindow({ cursor: 'bm90LWpzb24' })).toThrow();
    const full = pageOf([1, 2], 5, { limit: 2, offset: 0 });
    expect(pageWindow({ limit: 2, cursor: full.nextCursor! })).toEqual({ limit: 2, offset: 2 });
    expect(pageOf([5], 5, { limit: 2, offset: 4 }).nextCursor).toBeNull();
  });

  it('sorts only by allowed fields', () => {
    expect(sortClause('-name', { name: 'full_name' }, 'created_at')).toBe('full_name DESC, id DESC');
    expect(sortClause(undefined, { name: 'full_name' }, 'created_at')).toBe('created_at, id');
    expect(() => sortClause('password', { name: 'full_name' }, 'created_at')).toThrow();
  });
});

describe('small HTTP helpers', () => {
  it('takes the expected version from the body or If-Match', () => {
    expect(expectedVersion(3, undefined)).toBe(3);
    expect(expectedVersion(undefined, 'W/"7"')).toBe(7);
    expect(() => expectedVersion(undefined, 'abc')).toThrow();
    expect(() => expectedVersion(undefined, undefined)).toThrow();
  });

  it('finds NUL characters with their path', () => {
    expect(findNul({ a: [{ b: 'x\u0000' }] })).toBe('a[0].b');
    expect(findNul({ a: 'fine' })).toBeNull();
  });

  it('walks a value nested 100,000 levels deep without overflowing the stack when looking for NUL', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep)).toBe(`${'[0]'.repeat(100_000)}`);
  });

  it('tells database unavailability (503) from bad data (4xx) when classifying driver errors', () => {
    const pg = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    expect(isDatabaseUnavailable(pg('57P01', 'terminating connection due to administrator command'))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(pg('08006'))).toBe(true);
    expect(isDatabaseUnavailable(pg('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable({ driverError: pg('ECONNREFUSED') })).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new AggregateError([pg('ECONNREFUSED')], ''), {}))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    // the connection's socket failed between two statements of a transaction (seen as a 500 on
    // /auth/login in the restart drill): TypeORM had already released the query runner
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isDatabaseUnavailable(pg('22P02', 'invalid input syntax for type uuid'))).toBe(false);
    expect(isDatabaseUnavailable(pg('23502'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('measures JSON nesting depth on raw bytes, ignoring brackets inside strings', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":"[[[["}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('"\\"'))).toBe(0);
    expect(jsonDepth(Buffer.from('['.repeat(1000)), 64)).toBe(65);
  });

  it('flattens nested validation errors into field paths', () => {
    const errors = flattenValidationErrors([
      {
        property: 'passports',
        children: [
          {
            property: '0',
            children: [
              { property: 'number', constraints: { isString: 'number must be a string' }, children: [] },
            ],
          },
        ],
      },
      { property: 'x', constraints: { whitelistValidation: 'property x should not exist' }, children: [] },
    ]);
    expect(errors).toEqual([
      { field: 'passports[0].number', message: 'number must be a string' },
      { field: 'x', message: 'x is not a known field' },
    ]);
  });

  it('diffs only changed keys', () => {
    expect(diffOf({ a: 1, b: [1] }, { a: 1, b: [2] }, ['a', 'b'])).toEqual({ b: { from: [1], to: [2] } });
  });

  it('does not see a change in the key order of nested objects (a jsonb column reorders keys)', () => {
    const before = { place: { country: 'RU', city: 'Москва' } };
    const after = { place: { city: 'Москва', country: 'RU' } };
    expect(diffOf(before, after, ['place'])).toEqual({});
    expect(diffOf(before, { place: { city: 'Тверь', country: 'RU' } }, ['place'])).toEqual({
      place: { from: before.place, to: { city: 'Тверь', country: 'RU' } },
    });
  });
});
