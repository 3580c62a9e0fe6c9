import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { EncryptionKey } from '../../config/app-config';
import { pooledRandomBytes } from './random-pool';

const VERSION = 'v1';

/**
 * AES-256-GCM for personal data and integration secrets at rest. Each value carries the id of
 * the key that encrypted it (`v1:<keyId>:<base64 iv|tag|ciphertext>`): the first configured key
 * encrypts, every configured key decrypts, so keys rotate without downtime.
 *
 * Blind indexes (HMAC-SHA256 of a normalised value) allow exact search without decrypting.
 * Their key is derived (HKDF) from the LAST configured key — the oldest — so it stays stable
 * while new keys are put in front; see the README on key rotation.
 */
export class FieldCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly indexKey: Buffer;

  constructor(private readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('FieldCipher needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    const base = keys[keys.length - 1].key;
    this.indexKey = Buffer.from(hkdfSync('sha256', base, Buffer.alloc(0), 'travel-crm blind index v1', 32));
  }

  get currentKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plaintext: string, associatedData?: string): string {
    const { id, key } = this.keys[0];
    const iv = pooledRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    if (associatedData) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}:${id}:${Buffer.concat([iv, tag, ct]).toString('base64')}`;
  }

  decrypt(value: string, associatedData?: string): string {
    const [version, keyId, body] = value.split(':');
    if (version !== VERSION || !keyId || !body) throw new Error('not an encrypted value');
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`encryption key "${keyId}" is not configured`);
    const raw = Buffer.from(body, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    if (associatedData) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The key id a stored value was encrypted with. */
  keyIdOf(value: string): string | undefined {
    return value.split(':')[1];
  }

  /** True when a stored value is under an older key and should be re-encrypted. */
  needsRotation(value: string): boolean {
    return this.keyIdOf(value) !== this.currentKeyId;
  }

  /** HMAC-SHA256 of an already-normalised value, separated per purpose (`email`, `phone`, …). */
  blindIndex(purpose: string, normalised: string): string {
    return createHmac('sha256', this.indexKey).update(`${purpose}\u0000${normalised}`).digest('hex');
  }

  /** Constant-time comparison of two secrets. */
  static safeEqual(a: string, b: string): boolean {
    const ha = createHmac('sha256', 'cmp').update(a).digest();
    const hb = createHmac('sha256', 'cmp').update(b).digest();
    return timingSafeEqual(ha, hb);
  }
}
