import { NotFoundError, ValidationError } from '../../../shared/domain/domain-error';
import type { Service } from './service';

export const CONFIRMATION_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number];
export type SupplierDecision = Exclude<ConfirmationStatus, 'pending'>;

/** The longest rejection reason a supplier may give. */
export const MAX_CONFIRMATION_REASON = 1000;

/** A supplier's stored answer about one service. */
export interface ServiceConfirmation {
  status: SupplierDecision;
  reason: string | null;
  /** The supplier as named on the service when it answered. */
  supplier: string;
  decidedAt: Date;
}

/** What a supplier says about a service. */
export interface SupplierAnswer {
  supplier: string;
  status: SupplierDecision;
  reason?: string | null;
}

const sameSupplier = (a: string | null, b: string) =>
  a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Checks a supplier's answer against the service and returns the confirmation to store, or
 * `null` when it repeats the stored one. Only the service's own supplier may answer (not found
 * otherwise, so a supplier learns nothing of others' services); a rejection needs a reason.
 */
export function decideConfirmation(
  service: Service,
  answer: SupplierAnswer,
  now: Date,
): ServiceConfirmation | null {
  const reason = answer.reason?.trim() || null;
  if (answer.status === 'rejected' && reason === null)
    throw ValidationError.field('reason', 'a reason is required to reject a service');
  if (reason !== null && reason.length > MAX_CONFIRMATION_REASON)
    throw ValidationError.field('reason', `reason must be at most ${MAX_CONFIRMATION_REASON} characters`);
  if (!sameSupplier(service.supplier, answer.supplier)) throw new NotFoundError('service', service.id);
  const current = service.confirmation ?? null;
  if (current && current.status === answer.status && current.reason === reason) return null;
  return { status: answer.status, reason, supplier: service.supplier!, decidedAt: now };
}

/**
 * The confirmation a changed service keeps: the supplier's answer holds while the supplier, the
 * type and the dates stay as they were; otherwise the supplier must answer again.
 */
export function carriedConfirmation(before: Service, after: Service): ServiceConfirmation | null {
  const kept =
    before.confirmation &&
    after.supplier !== null &&
    sameSupplier(before.supplier, after.supplier) &&
    before.type === after.type &&
    before.startAt.getTime() === after.startAt.getTime() &&
    before.endAt.getTime() === after.endAt.getTime();
  return kept ? before.confirmation! : null;
}

/** How the supplier's answer reads: null without a supplier, pending until it answers. */
export interface ConfirmationView {
  status: ConfirmationStatus;
  reason?: string;
  /** When the supplier answered (ISO 8601); null while pending. */
  decidedAt: string | null;
  supplier: string;
}

export function confirmationView(
  supplier: string | null,
  c: { status: SupplierDecision; reason: string | null; supplier: string; decidedAt: Date | string } | null,
): ConfirmationView | null {
  if (supplier === null) return null;
  if (c === null) return { status: 'pending', decidedAt: null, supplier };
  return {
    status: c.status,
    ...(c.reason === null ? {} : { reason: c.reason }),
    decidedAt: new Date(c.decidedAt).toISOString(),
    supplier: c.supplier,
  };
}
