import { describeMailError, scrubSecrets } from './imap-connection';
import { reconnectDelay } from './imap-mailbox.reader';

describe('mail connection helpers', () => {
  it('removes passwords, plain and base64, from an error text', () => {
    const pass = 'Imap-Пароль-1';
    const b64 = Buffer.from(pass, 'utf8').toString('base64');
    const out = scrubSecrets(`AUTH failed for ${pass} (${b64})`, [pass, '']);
    expect(out).toBe('AUTH failed for *** (***)');
  });

  it('adds the server response and the code when the message alone says little', () => {
    expect(
      describeMailError({ message: 'Command failed', responseText: 'AUTHENTICATIONFAILED', code: 'E1' }),
    ).toBe('Command failed: AUTHENTICATIONFAILED: (E1)');
    expect(describeMailError(new Error('Connection closed'))).toBe('Connection closed');
  });

  it('doubles the reconnect delay from the base up to the cap, with jitter of at most a fifth', () => {
    for (const [n, nominal] of [
      [1, 1000],
      [2, 2000],
      [4, 8000],
      [20, 60_000],
    ] as const) {
      const d = reconnectDelay(n, 1000, 60_000);
      expect(d).toBeGreaterThanOrEqual(nominal * 0.8);
      expect(d).toBeLessThanOrEqual(nominal * 1.2);
    }
  });
});
