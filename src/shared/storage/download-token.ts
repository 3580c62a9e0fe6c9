import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/domain-error';
import { isValidObjectKey } from './object-key';

const PREFIX = 'ft1';
const HKDF_INFO = 'travel-crm file download token v1';
const SIGNATURE_BYTES = 32;

export interface DownloadGrant {
  key: string;
  /** Unix time in seconds after which the link is refused. */
  expiresAt: number;
  fileName?: string;
}

interface Payload {
  k: string;
  e: number;
  n?: string;
}

/**
 * Signed, expiring references to stored objects for the local-directory store's download URLs:
 * `ft1.<base64url JSON {k, e, n?}>.<base64url HMAC-SHA256>`. The HMAC key is derived (HKDF) from
 * the access-token secret with its own info string, so a download token can never pass as a JWT
 * or the other way round. The payload is signed, not encrypted: it holds nothing the holder of the
 * link may not see, and the access log redacts these tokens anyway.
 */
export class DownloadTokenSigner {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32));
  }

  sign(grant: DownloadGrant): string {
    const payload: Payload = { k: grant.key, e: grant.expiresAt };
    if (grant.fileName !== undefined) payload.n = grant.fileName;
    const body = `${PREFIX}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /**
   * Returns the grant of an authentic, unexpired token. A token that is malformed or whose
   * signature does not match → `STORAGE.LINK_INVALID` (403); an authentic but expired one →
   * `STORAGE.LINK_EXPIRED` (410). The signature is checked first and in constant time.
   */
  verify(token: string, nowMs: number = Date.now()): DownloadGrant {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3 || parts[0] !== PREFIX) throw invalid();
    const [, encodedPayload, encodedSignature] = parts;
    if (!/^[A-Za-z0-9_-]+$/.test(encodedPayload) || !/^[A-Za-z0-9_-]+$/.test(encodedSignature)) {
      throw invalid();
    }
    const given = Buffer.from(encodedSignature, 'base64url');
    const expected = this.mac(`${PREFIX}.${encodedPayload}`);
    if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) throw invalid();

    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as Payload;
    } catch {
      throw invalid();
    }
    if (
      typeof payload !== 'object' ||
      payload === null ||
      !isValidObjectKey(payload.k) ||
      !Number.isSafeInteger(payload.e) ||
      (payload.n !== undefined && typeof payload.n !== 'string')
    ) {
      throw invalid();
    }
    if (nowMs >= payload.e * 1000) {
      throw new DomainError('STORAGE.LINK_EXPIRED', 'The download link has expired; ask for a new one', {
        expiredAt: new Date(payload.e * 1000).toISOString(),
      });
    }
    return { key: payload.k, expiresAt: payload.e, fileName: payload.n };
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.key).update(data, 'utf8').digest();
  }
}

function invalid(): DomainError {
  return new DomainError('STORAGE.LINK_INVALID', 'The download link is not valid');
}
