import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import type { PersonalData } from '../../domain/client';
import type { IdentifierKind } from '../../domain/client.events';
import { normaliseEmail, normalisePhone, passportKey } from '../../domain/personal-data';

/** The encrypted personal data of one client row as stored. */
export interface SealedPersonalData {
  /** `v1:<keyId>:<base64>` (see FieldCipher); bound to the client id as associated data. */
  pii: string;
  keyId: string;
}

/** About four import batches' worth of identifiers. */
const RECENT_INDEXES = 8192;

const EMPTY: PersonalData = {
  birthDate: null,
  emails: [],
  phones: [],
  passports: [],
  telegram: null,
  whatsapp: null,
  notes: null,
};

/**
 * The one place that knows how a client's personal data is sealed: one AES-256-GCM value per row
 * (JSON of birth date, e-mails, phones, passports, messengers, notes) with the client id as
 * associated data, so a value copied onto another row does not decrypt. Blind indexes are
 * HMAC-SHA256 of the normalised value, one purpose per identifier kind.
 */
@Injectable()
export class ClientPiiCodec {
  private readonly recent = new Map<string, string>();

  constructor(private readonly cipher: FieldCipher) {}

  static aad(clientId: string): string {
    return `client:${clientId}`;
  }

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  seal(clientId: string, data: PersonalData): SealedPersonalData {
    const pii = this.cipher.encrypt(JSON.stringify(data), ClientPiiCodec.aad(clientId));
    return { pii, keyId: this.cipher.keyIdOf(pii)! };
  }

  open(clientId: string, pii: string | null): PersonalData {
    if (pii === null) return { ...EMPTY, emails: [], phones: [], passports: [] };
    return {
      ...EMPTY,
      ...(JSON.parse(this.cipher.decrypt(pii, ClientPiiCodec.aad(clientId))) as PersonalData),
    };
  }

  /** The blind index of an already-normalised identifier. */
  index(kind: IdentifierKind, normalised: string): string {
    // one write locks, looks up and stores each identifier: remember the last few thousand HMACs
    const key = `${kind}\u0000${normalised}`;
    let hash = this.recent.get(key);
    if (hash === undefined) {
      hash = this.cipher.blindIndex(`client.${kind}`, normalised);
      if (this.recent.size >= RECENT_INDEXES) this.recent.clear();
      this.recent.set(key, hash);
    }
    return hash;
  }

  /** Blind index of a raw e-mail as typed (null when it is not an e-mail). */
  emailIndex(raw: string): string | null {
    const n = normaliseEmail(raw);
    return n === null ? null : this.index('email', n);
  }

  /** Blind index of a raw phone in any spelling (null when it is not a phone number). */
  phoneIndex(raw: string): string | null {
    const n = normalisePhone(raw);
    return n === null ? null : this.index('phone', n);
  }

  /** Blind index of a passport typed as series and number together (`4510 123456`). */
  passportIndex(raw: string): string | null {
    const n = passportKey('', raw);
    return n.length < 5 ? null : this.index('passport', n);
  }
}
