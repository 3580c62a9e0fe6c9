import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';

/**
 * Seals an integration's token and webhook secret (AES-256-GCM, bound to the row and the column
 * by associated data, so a sealed value copied to another row does not open).
 */
@Injectable()
export class IntegrationSecretsCodec {
  constructor(private readonly cipher: FieldCipher) {}

  static tokenAad = (id: string): string => `integration:${id}:api_token`;
  static secretAad = (id: string): string => `integration:${id}:webhook_secret`;
  static channelSecretsAad = (id: string): string => `integration:${id}:channel_secrets`;

  /** Last 4 hex characters of the token's SHA-256: shown in lists instead of the token. */
  static fingerprint(token: string): string {
    return createHash('sha256').update(token.trim()).digest('hex').slice(-4);
  }

  /** A webhook secret Telegram accepts: 1–256 of A-Z a-z 0-9 _ -. */
  static newWebhookSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  get keyId(): string {
    return this.cipher.currentKeyId;
  }

  sealToken(id: string, token: string): string {
    return this.cipher.encrypt(token, IntegrationSecretsCodec.tokenAad(id));
  }
  openToken(id: string, sealed: string): string {
    return this.cipher.decrypt(sealed, IntegrationSecretsCodec.tokenAad(id));
  }
  sealSecret(id: string, secret: string): string {
    return this.cipher.encrypt(secret, IntegrationSecretsCodec.secretAad(id));
  }
  openSecret(id: string, sealed: string): string {
    return this.cipher.decrypt(sealed, IntegrationSecretsCodec.secretAad(id));
  }
  /** A channel's further secrets (WhatsApp: the app secret and the phone number id), as one value. */
  sealChannelSecrets(id: string, secrets: Record<string, string>): string {
    return this.cipher.encrypt(JSON.stringify(secrets), IntegrationSecretsCodec.channelSecretsAad(id));
  }
  openChannelSecrets(id: string, sealed: string): Record<string, string> {
    return JSON.parse(this.cipher.decrypt(sealed, IntegrationSecretsCodec.channelSecretsAad(id))) as Record<
      string,
      string
    >;
  }
  /** Personal data of the Telegram tables (update payloads, contacts, message bodies). */
  seal(value: unknown, aad: string): string {
    return this.cipher.encrypt(JSON.stringify(value), aad);
  }
  open<T>(sealed: string, aad: string): T {
    return JSON.parse(this.cipher.decrypt(sealed, aad)) as T;
  }
}

/** Removes a token from an error text (a network error message carries the request URL). */
export function scrubToken(message: string, token?: string): string {
  let m = message;
  if (token) m = m.split(token).join('***');
  return m.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot***').replace(/\bEAA[A-Za-z0-9_-]{10,}/g, '***');
}
