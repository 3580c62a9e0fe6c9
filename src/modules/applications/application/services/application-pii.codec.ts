import { Injectable } from '@nestjs/common';
import { FieldCipher } from '../../../../shared/crypto/field-cipher';
import { type Contact, EMPTY_CONTACT } from '../../domain/contact';

/** The personal data of one application row: the contact and the raw payload. */
export interface ApplicationPersonalData {
  contact: Contact;
  payload: Record<string, unknown>;
  /** Attachment file names by attachment id (they often hold a passport number). */
  fileNames?: Record<string, string>;
}

/** An attachment as stored in the clear `attachments` column: its name lives sealed in `pii`. */
export interface StoredAttachment {
  id: string;
  fileName?: string;
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
    return {
      contact: { ...EMPTY_CONTACT, ...data.contact },
      payload: data.payload ?? {},
      ...(data.fileNames ? { fileNames: data.fileNames } : {}),
    };
  }

  /** Attachments without their names, for the clear column, and the names to seal. */
  static splitNames<T extends StoredAttachment>(
    attachments: readonly T[],
  ): { stored: Omit<T, 'fileName'>[]; fileNames: Record<string, string> } {
    const fileNames: Record<string, string> = {};
    const stored = attachments.map(({ fileName, ...rest }) => {
      if (fileName !== undefined) fileNames[rest.id] = fileName;
      return rest;
    });
    return { stored, fileNames };
  }

  /** Attachments with their names: the sealed one, else a clear one stored before names were sealed. */
  static joinNames<T extends StoredAttachment>(
    attachments: readonly T[],
    fileNames: Record<string, string> | undefined,
  ): (T & { fileName: string })[] {
    return attachments.map((a) => ({ ...a, fileName: fileNames?.[a.id] ?? a.fileName ?? a.id }));
  }
}
