import { createHmac } from 'node:crypto';
import { DomainError } from '../domain/domain-error';
import { DownloadTokenSigner } from './download-token';

const SECRET = 'test-access-secret-0123456789abcdef0123456789';
const NOW = Date.parse('2026-11-22T10:00:00Z');
const IN_5_MIN = NOW / 1000 + 300;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
  return undefined;
}

/** Re-encodes the payload part of a token, keeping its original signature. */
function withPayload(token: string, payload: object): string {
  const [prefix, , sig] = token.split('.');
  return `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
}

describe('DownloadTokenSigner', () => {
  const signer = new DownloadTokenSigner(SECRET);

  it('returns the key, expiry and Cyrillic file name when verifying a token it signed', () => {
    const token = signer.sign({ key: 'clients/c1/f1', expiresAt: IN_5_MIN, fileName: 'Договор №5.pdf' });
    expect(token).toMatch(/^ft1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(token, NOW)).toEqual({
      key: 'clients/c1/f1',
      expiresAt: IN_5_MIN,
      fileName: 'Договор №5.pdf',
    });
  });

  it('leaves the file name out when the token was signed without one', () => {
    const token = signer.sign({ key: 'a/b', expiresAt: IN_5_MIN });
    expect(signer.verify(token, NOW)).toEqual({ key: 'a/b', expiresAt: IN_5_MIN, fileName: undefined });
  });

  it('refuses with STORAGE.LINK_EXPIRED when the expiry has passed', () => {
    const token = signer.sign({ key: 'a/b', expiresAt: IN_5_MIN });
    expect(codeOf(() => signer.verify(token, IN_5_MIN * 1000 - 1))).toBeUndefined();
    expect(codeOf(() => signer.verify(token, IN_5_MIN * 1000))).toBe('STORAGE.LINK_EXPIRED');
    expect(codeOf(() => signer.verify(token, IN_5_MIN * 1000 + 86400_000))).toBe('STORAGE.LINK_EXPIRED');
  });

  it('refuses with STORAGE.LINK_INVALID when the payload was changed to another key or a later expiry', () => {
    const token = signer.sign({ key: 'clients/c1/f1', expiresAt: IN_5_MIN });
    expect(codeOf(() => signer.verify(withPayload(token, { k: 'clients/c2/f1', e: IN_5_MIN }), NOW))).toBe(
      'STORAGE.LINK_INVALID',
    );
    expect(
      codeOf(() => signer.verify(withPayload(token, { k: 'clients/c1/f1', e: IN_5_MIN + 3600 }), NOW)),
    ).toBe('STORAGE.LINK_INVALID');
  });

  it('refuses an expired token as invalid, not expired, when its signature was also tampered with', () => {
    const token = signer.sign({ key: 'a/b', expiresAt: NOW / 1000 - 10 });
    const forged = withPayload(token, { k: 'a/b', e: NOW / 1000 - 5 });
    expect(codeOf(() => signer.verify(forged, NOW))).toBe('STORAGE.LINK_INVALID');
  });

  it('refuses a token when a single character of the signature is flipped', () => {
    const token = signer.sign({ key: 'a/b', expiresAt: IN_5_MIN });
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const flipped = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(codeOf(() => signer.verify(flipped, NOW))).toBe('STORAGE.LINK_INVALID');
  });

  it('refuses tokens signed under another secret when the access secret differs', () => {
    const other = new DownloadTokenSigner('another-secret-0123456789abcdef0123456789ab');
    const token = other.sign({ key: 'a/b', expiresAt: IN_5_MIN });
    expect(codeOf(() => signer.verify(token, NOW))).toBe('STORAGE.LINK_INVALID');
  });

  it('refuses a link signed with the raw access secret (not the HKDF-derived key) when one is forged', () => {
    const body = `ft1.${Buffer.from(JSON.stringify({ k: 'a/b', e: IN_5_MIN })).toString('base64url')}`;
    const rawKeySig = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(codeOf(() => signer.verify(`${body}.${rawKeySig}`, NOW))).toBe('STORAGE.LINK_INVALID');
  });

  it.each([
    ['', 'empty'],
    ['ft1', 'one part'],
    ['ft1.abc', 'two parts'],
    ['ft2.abc.def', 'unknown version'],
    ['ft1.a.b.c', 'four parts'],
    ['ft1.!!!.abc', 'bad characters'],
    ['ft1.abc.AAAA', 'short signature'],
  ])('refuses a malformed token (%j: %s) as invalid', (token) => {
    expect(codeOf(() => signer.verify(token, NOW))).toBe('STORAGE.LINK_INVALID');
  });

  it('refuses a correctly signed payload whose key would escape the store', () => {
    // only a holder of the secret could produce this; the key check still applies
    const token = signer.sign({ key: '../../etc/passwd', expiresAt: IN_5_MIN });
    expect(codeOf(() => signer.verify(token, NOW))).toBe('STORAGE.LINK_INVALID');
  });
});
