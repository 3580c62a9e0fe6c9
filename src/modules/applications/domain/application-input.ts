import type { FieldError } from '../../../shared/domain/domain-error';
import type { Consent } from '../../../shared/domain/normalisers';
import type { ApplicationSource, ApplicationStatus } from './application';
import type { AttachmentRef } from './application-attachments';
import type { Contact, ContactInput } from './contact';

export interface ApplicationProps {
  /** The human number (`З-2026-000123`), unique and gap-free per year; null only before it is given. */
  number: string | null;
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  /** Raw payload as received (a Telegram update, an e-mail's headers, the web form). Personal data. */
  payload: Record<string, unknown>;
  contact: Contact;
  attachments: AttachmentRef[];
  consent: Consent | null;
  clientId: string | null;
  assigneeId: string | null;
  rejectionReason: string | null;
  orderId: string | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface ApplicationInput {
  source: ApplicationSource;
  text?: string | null;
  payload?: Record<string, unknown> | null;
  contact?: ContactInput | null;
  attachments?: AttachmentRef[];
  consent?: Consent | null;
  clientId?: string | null;
  assigneeId?: string | null;
}

export interface ApplicationChanges {
  text?: string | null;
  contact?: ContactInput | null;
  clientId?: string | null;
  assigneeId?: string | null;
  status?: ApplicationStatus;
  rejectionReason?: string | null;
}

export interface ChangeContext {
  by: string | null;
  now: Date;
}

export const MAX_TEXT = 10_000;
export const MAX_PAYLOAD_CHARS = 64_000;
export const MAX_REASON = 1000;
export const MAX_ATTACHMENTS = 20;

export interface MaskedApplication {
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  payload: string | null;
  contact: Contact;
  attachments: string[];
  consent: Consent | null;
  clientId: string | null;
  assigneeId: string | null;
  rejectionReason: string | null;
  orderId: string | null;
}

export const MASKED_KEYS: readonly (keyof MaskedApplication)[] = [
  'source',
  'status',
  'text',
  'payload',
  'contact',
  'attachments',
  'consent',
  'clientId',
  'assigneeId',
  'rejectionReason',
  'orderId',
];

export function normalisePayload(raw: Record<string, unknown> | null | undefined, errors: FieldError[]) {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ field: 'payload', message: 'payload must be a JSON object' });
    return {};
  }
  if (JSON.stringify(raw).length > MAX_PAYLOAD_CHARS) {
    errors.push({
      field: 'payload',
      message: `payload must be at most ${MAX_PAYLOAD_CHARS} characters as JSON`,
    });
  }
  return raw;
}
