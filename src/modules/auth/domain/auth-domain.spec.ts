import { decideLoginThrottle } from './login-throttle.policy';
import { formatRefreshToken, newRefreshSecret, parseRefreshToken } from './refresh-token';

const limits = { perAccount: 5, perIp: 30, windowSeconds: 900 };
const none = { failures: 0, oldestExpiresInSeconds: 0 };

describe('decideLoginThrottle', () => {
  it('allows when every count is under its limit', () => {
    expect(
      decideLoginThrottle(
        { pair: { failures: 4, oldestExpiresInSeconds: 10 }, account: none, ip: none, knownIp: false },
        limits,
      ),
    ).toEqual({ blocked: false });
  });

  it('blocks the pair at the per-account limit until the oldest failure leaves the window', () => {
    expect(
      decideLoginThrottle(
        { pair: { failures: 5, oldestExpiresInSeconds: 120.2 }, account: none, ip: none, knownIp: false },
        limits,
      ),
    ).toEqual({
      blocked: true,
      retryAfterSeconds: 121,
      scope: 'pair',
    });
  });

  it('blocks an account attacked from many addresses only at four times the limit', () => {
    expect(
      decideLoginThrottle(
        { pair: none, account: { failures: 19, oldestExpiresInSeconds: 5 }, ip: none, knownIp: false },
        limits,
      ).blocked,
    ).toBe(false);
    expect(
      decideLoginThrottle(
        { pair: none, account: { failures: 20, oldestExpiresInSeconds: 5 }, ip: none, knownIp: false },
        limits,
      ),
    ).toMatchObject({ scope: 'account' });
  });

  it('does not apply the account-wide limit when the IP is one the account signed in from before', () => {
    const attacked = { failures: 200, oldestExpiresInSeconds: 500 };
    expect(decideLoginThrottle({ pair: none, account: attacked, ip: none, knownIp: true }, limits)).toEqual({
      blocked: false,
    });
    expect(
      decideLoginThrottle({ pair: none, account: attacked, ip: none, knownIp: false }, limits),
    ).toMatchObject({ blocked: true, scope: 'account' });
  });

  it('still blocks guessing from a known IP when the pair reaches its limit', () => {
    expect(
      decideLoginThrottle(
        { pair: { failures: 5, oldestExpiresInSeconds: 60 }, account: none, ip: none, knownIp: true },
        limits,
      ),
    ).toMatchObject({ blocked: true, scope: 'pair' });
  });

  it('blocks an address spraying many accounts', () => {
    expect(
      decideLoginThrottle(
        { pair: none, account: none, ip: { failures: 30, oldestExpiresInSeconds: 0 }, knownIp: false },
        limits,
      ),
    ).toEqual({
      blocked: true,
      retryAfterSeconds: 1,
      scope: 'ip',
    });
  });

  it('never asks to wait longer than one window', () => {
    const d = decideLoginThrottle(
      { pair: { failures: 50, oldestExpiresInSeconds: 99999 }, account: none, ip: none, knownIp: false },
      limits,
    );
    expect(d).toMatchObject({ retryAfterSeconds: 900 });
  });
});

describe('refresh token format', () => {
  it('round-trips id and secret', () => {
    const secret = newRefreshSecret();
    const id = '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11';
    const token = formatRefreshToken(id, secret);
    expect(token).toMatch(/^rt_[0-9a-f]{32}\./);
    expect(parseRefreshToken(token)).toEqual({ id, secret });
  });

  it('rejects anything else', () => {
    for (const t of [
      '',
      'rt_x.y',
      'eyJhbGciOi.x.y',
      `rt_${'a'.repeat(32)}.short`,
      `xx_${'a'.repeat(32)}.${'b'.repeat(43)}`,
    ]) {
      expect(parseRefreshToken(t)).toBeNull();
    }
  });
});
