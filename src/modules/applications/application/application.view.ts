import type { ApplicationSource, ApplicationStatus, AttachmentRef, Consent } from '../domain/application';

/** An attachment as the API shows it: without its object key. */
export type AttachmentView = Omit<AttachmentRef, 'key'>;
import type { Contact } from '../domain/contact';

/** One application in full: the contact and the raw payload as received. */
export interface ApplicationView {
  id: string;
  /** `З-2026-000123`: what staff and customers see instead of the id. */
  number: string;
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  contact: Contact;
  payload: Record<string, unknown>;
  attachments: AttachmentView[];
  consent: Consent | null;
  clientId: string | null;
  assigneeId: string | null;
  rejectionReason: string | null;
  orderId: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
}

/** A list row: the contact masked (the name stays), no raw payload. */
export interface ApplicationListItemView {
  id: string;
  number: string;
  source: ApplicationSource;
  status: ApplicationStatus;
  text: string | null;
  contact: Contact;
  attachmentCount: number;
  clientId: string | null;
  assigneeId: string | null;
  orderId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Texts longer than this are cut in lists. */
export const LIST_TEXT_LENGTH = 200;
