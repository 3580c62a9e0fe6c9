import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { IntegrationSecretsCodec, scrubToken } from './integration-secrets';

const TOKEN = '7000001:AAbcdefghijklmnopqrstuvwxyz0123456789';
const ID = '0193a7c2-0000-7000-8000-0000000000f1';
const OTHER = '0193a7c2-0000-7000-8000-0000000000f2';

describe('IntegrationSecretsCodec', () => {
  const codec = new IntegrationSecretsCodec(new FieldCipher([{ id: 'k1', key: Buffer.alloc(32, 3) }]));

  it('seals a token so it opens only for its own row and column', () => {
    const sealed = codec.sealToken(ID, TOKEN);
    expect(sealed).toMatch(/^v1:k1:/);
    expect(sealed).not.toContain(TOKEN.split(':')[1]);
    expect(codec.openToken(ID, sealed)).toBe(TOKEN);
    expect(() => codec.openToken(OTHER, sealed)).toThrow();
    expect(() => codec.openSecret(ID, sealed)).toThrow();
  });

  it('fingerprints a token by the last 4 hex characters of its SHA-256, ignoring surrounding spaces', () => {
    expect(IntegrationSecretsCodec.fingerprint(TOKEN)).toMatch(/^[0-9a-f]{4}$/);
    expect(IntegrationSecretsCodec.fingerprint(` ${TOKEN} `)).toBe(
      IntegrationSecretsCodec.fingerprint(TOKEN),
    );
  });

  it('makes webhook secrets Telegram accepts, never the same twice', () => {
    const a = IntegrationSecretsCodec.newWebhookSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(IntegrationSecretsCodec.newWebhookSecret()).not.toBe(a);
  });

  it('round-trips sealed personal data under its associated data', () => {
    const sealed = codec.seal({ phone: '+79123456789' }, 'chat:1');
    expect(codec.open(sealed, 'chat:1')).toEqual({ phone: '+79123456789' });
    expect(() => codec.open(sealed, 'chat:2')).toThrow();
  });
});

describe('scrubToken', () => {
  it('removes the token, and anything shaped like a bot URL path, from an error text', () => {
    const msg = `request to http://127.0.0.1:1/bot${TOKEN}/getMe failed, reason: ECONNREFUSED (${TOKEN})`;
    const out = scrubToken(msg, TOKEN);
    expect(out).not.toContain(TOKEN.split(':')[1]);
    expect(scrubToken(`GET /bot${TOKEN}/x`)).toBe('GET /bot***/x');
  });
});
