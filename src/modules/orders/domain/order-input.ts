import type { FieldError } from '../../../shared/domain/domain-error';
import { isUuid } from '../../../shared/domain/uuid';
import type { Conflict, ConflictContext } from './conflicts.policy';
import type { OrderStatus } from './order-status';
import type { OrderTotals } from './pricing.policy';
import { MAX_NOTE, MAX_TRAVELLERS } from './order-limits';
import { isKnownCurrency, parseInstant, type Service } from './service';

export interface OrderInput {
  clientId: string;
  travellerIds?: string[] | null;
  currency: string;
  deadline?: string | null;
  note?: string | null;
  managerId?: string | null;
  applicationId?: string | null;
}

export type OrderChanges = Partial<Omit<OrderInput, 'applicationId'>>;

export interface OrderProps {
  number: string;
  status: OrderStatus;
  currency: string;
  clientId: string;
  /** The payer's name at write time (read through the clients module), for search and lists. */
  payerName: string;
  travellerIds: string[];
  managerId: string | null;
  deadline: Date | null;
  note: string | null;
  applicationId: string | null;
  cancelReason: string | null;
  totals: OrderTotals;
  conflicts: Conflict[];
  services: Service[];
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  updatedBy: string | null;
  deletedAt: Date | null;
}

export interface ChangeContext {
  by: string | null;
  now: Date;
}

/** What a service change needs besides its input: conflict settings, passports, `force`. */
export interface ServiceChangeContext extends ChangeContext {
  conflicts: ConflictContext;
  /** Accept new error-severity conflicts (the caller checked the `orders.force` permission). */
  force: boolean;
}

export interface ServiceChangeResult {
  service: Service | null;
  conflicts: Conflict[];
}

/** Which service rows the repository must write for the pending change. */
export interface PendingServiceWrites {
  added: Service[];
  updated: Service[];
  removed: string[];
}

export { MAX_NOTE, MAX_SERVICES, MAX_TRAVELLERS } from './order-limits';

export type Snapshot = Record<
  'status' | 'currency' | 'clientId' | 'travellerIds' | 'managerId' | 'deadline' | 'note' | 'cancelReason',
  unknown
>;
export const SNAPSHOT_KEYS: readonly (keyof Snapshot)[] = [
  'status',
  'currency',
  'clientId',
  'travellerIds',
  'managerId',
  'deadline',
  'note',
  'cancelReason',
];

export function uuid(value: unknown, field: string, errors: FieldError[]): string {
  if (!isUuid(value)) {
    errors.push({ field, message: `${field} must be a UUID` });
    return '';
  }
  return value.toLowerCase();
}

export interface NormalisedOrder {
  clientId?: string;
  travellerIds?: string[];
  currency?: string;
  deadline?: Date | null;
  note?: string | null;
  managerId?: string | null;
}

export function normalise(input: OrderChanges, errors: FieldError[]): NormalisedOrder {
  const out: NormalisedOrder = {};
  if (input.clientId !== undefined) out.clientId = uuid(input.clientId, 'clientId', errors);
  if (input.travellerIds !== undefined && input.travellerIds !== null) {
    if (!Array.isArray(input.travellerIds) || input.travellerIds.length > MAX_TRAVELLERS) {
      errors.push({
        field: 'travellerIds',
        message: `travellerIds must be a list of at most ${MAX_TRAVELLERS}`,
      });
    } else {
      out.travellerIds = [
        ...new Set(input.travellerIds.map((t, i) => uuid(t, `travellerIds[${i}]`, errors))),
      ];
      if (out.travellerIds.length === 0) {
        errors.push({ field: 'travellerIds', message: 'travellerIds must name at least one traveller' });
      }
    }
  }
  if (input.currency !== undefined) {
    const c = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : '';
    if (!isKnownCurrency(c))
      errors.push({ field: 'currency', message: 'currency must be a known ISO 4217 code' });
    out.currency = c;
  }
  if (input.deadline !== undefined) {
    out.deadline = input.deadline === null ? null : parseInstant(input.deadline, 'deadline', errors);
  }
  if (input.note !== undefined) {
    const n = input.note === null ? '' : String(input.note).trim();
    if (n.length > MAX_NOTE)
      errors.push({ field: 'note', message: `note must be at most ${MAX_NOTE} characters` });
    out.note = n === '' ? null : n;
  }
  if (input.managerId !== undefined) {
    out.managerId = input.managerId === null ? null : uuid(input.managerId, 'managerId', errors);
  }
  return out;
}
