import { DomainError } from '../domain/domain-error';
import { assertObjectKey, isValidObjectKey, objectKeyProblem } from './object-key';

describe('object keys', () => {
  it.each([
    'clients/0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11/0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b12',
    'documents/2026-000123/v2.pdf',
    'a',
    'tmp_files/x.y-z',
    '.hidden/file',
  ])('accepts %s when it is a relative path of safe characters', (key) => {
    expect(isValidObjectKey(key)).toBe(true);
  });

  it.each([
    ['', 'must be a non-empty string'],
    ['../etc/passwd', 'must not contain ..'],
    ['clients/../../etc/passwd', 'must not contain ..'],
    ['a/..', 'must not contain ..'],
    ['/etc/passwd', 'must not start with /'],
    ['clients/', 'must not end with /'],
    ['a//b', 'empty or "." path segments'],
    ['a/./b', 'empty or "." path segments'],
    ['.', 'empty or "." path segments'],
    ['a\\..\\b', 'only letters, digits'],
    ['C:\\Windows', 'only letters, digits'],
    ['клиент/паспорт.pdf', 'only letters, digits'],
    ['a b', 'only letters, digits'],
    ['a\u0000b', 'only letters, digits'],
    ['a%2e%2e/b', 'only letters, digits'],
    ['x'.repeat(513), 'at most 512'],
    [`a/${'y'.repeat(201)}`, 'longer than 200'],
  ])('rejects %j when it could escape the store or is not portable', (key, reason) => {
    expect(objectKeyProblem(key)).toContain(reason);
    expect(isValidObjectKey(key)).toBe(false);
  });

  it('rejects values that are not strings when a caller passes anything else', () => {
    expect(isValidObjectKey(undefined)).toBe(false);
    expect(isValidObjectKey(42)).toBe(false);
  });

  it('throws STORAGE.INVALID_KEY naming the key field when asserting a bad key', () => {
    let caught: unknown;
    try {
      assertObjectKey('../secret');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('STORAGE.INVALID_KEY');
    expect((caught as DomainError).fieldErrors).toEqual([
      { field: 'key', message: 'key must not contain ..' },
    ]);
  });
});
