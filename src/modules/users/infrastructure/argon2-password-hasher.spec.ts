import { Argon2PasswordHasher } from './argon2-password-hasher';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id at the OWASP minimum cost and verifies only the right password', async () => {
    const hash = await hasher.hash('Пароль-123!');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.verify(hash, 'Пароль-123!')).toBe(true);
    expect(await hasher.verify(hash, 'пароль-123!')).toBe(false);
    expect(await hasher.hash('Пароль-123!')).not.toBe(hash);
  });

  it('answers false (never throws) for a malformed hash', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
  });
});
