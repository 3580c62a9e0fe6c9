import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { type Contact, EMPTY_CONTACT } from '../../domain/contact';

/** The personal data of one application row: the contact and the raw payload. */
export interface ApplicationPersonalData {
  contact: Contact;
  payload: Record<string, unknown>;
}

/**
 * Seals an application's contact and raw payload as one AES-256-GCM value (`v1:<keyId>:…`) bound
 * to the application id as associated data, so a value copied onto another row does not decrypt.
 */
@Injectable()
export class ApplicationPiiCodec {
  constructor(private readonly cipher: FieldCipher) {}

  static aad(applicationId: string): string {
    return `application:${applicationId}`;
  }

  seal(applicationId: string, data: ApplicationPersonalData): { pii: string; keyId: string } {
    const pii = this.cipher.encrypt(JSON.stringify(data), ApplicationPiiCodec.aad(applicationId));
    return { pii, keyId: this.cipher.keyIdOf(pii)! };
  }

  open(applicationId: string, pii: string | null): ApplicationPersonalData {
    if (pii === null) return { contact: { ...EMPTY_CONTACT }, payload: {} };
    const data = JSON.parse(
      this.cipher.decrypt(pii, ApplicationPiiCodec.aad(applicationId)),
    ) as Partial<ApplicationPersonalData>;
    return { contact: { ...EMPTY_CONTACT, ...data.contact }, payload: data.payload ?? {} };
  }
}
