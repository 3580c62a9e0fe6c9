import type { DomainEventEnvelope } from './domain-event';

/**
 * Versioned event contracts. Every stored payload carries its contract version in `v` (stamped by
 * the outbox writer from the event class's `payloadVersion`, 1 unless it says otherwise). Events
 * stored before contracts were versioned have no `v`: they are version 0.
 *
 * A module publishes, in `contracts/<module>.events.ts`, its event names, a payload type per
 * version and the upcasters that turn an older stored payload into the current one. The relay
 * and `projections:rebuild` run every payload through {@link upcastEnvelope} before a subscriber
 * sees it, so subscribers only ever handle the current version.
 */

/** Turns a payload of version n into version n + 1 (pure; never touches the database). */
export type Upcaster = (payload: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * Per event name, the steps from version 0: `steps[n]` upcasts version n to n + 1, so the current
 * version is `steps.length`. Events absent from the table are at version 1, reached from 0 by
 * adding `v: 1` (their v1 shape is today's shape).
 */
export type UpcasterTable = Readonly<Record<string, readonly Upcaster[]>>;

/** v0 → v1 for a payload whose v1 shape only adds `v`. */
export const stampV1: Upcaster = (p) => ({ ...p, v: 1 });

export function payloadVersion(payload: unknown): number {
  const v = (payload as { v?: unknown } | null)?.v;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** The current version of a payload of `name`: older versions upcast step by step; newer ones are left as they are. */
export function upcastPayload(
  name: string,
  payload: Readonly<Record<string, unknown>>,
  table: UpcasterTable,
): Record<string, unknown> {
  const steps = table[name] ?? [stampV1];
  let p: Record<string, unknown> = { ...payload };
  for (let v = payloadVersion(p); v < steps.length; v = payloadVersion(p)) {
    const next = steps[v](p);
    if (payloadVersion(next) !== v + 1) throw new Error(`upcaster ${name} v${v} did not produce v${v + 1}`);
    p = next;
  }
  return p;
}

export function upcastEnvelope<E extends DomainEventEnvelope<object>>(e: E, table: UpcasterTable): E {
  return { ...e, payload: upcastPayload(e.name, e.payload as Record<string, unknown>, table) };
}

/** Merges the modules' tables (a name appears in one module's table only). */
export function mergeUpcasters(...tables: UpcasterTable[]): UpcasterTable {
  const merged: Record<string, readonly Upcaster[]> = {};
  for (const t of tables) {
    for (const [name, steps] of Object.entries(t)) {
      if (merged[name]) throw new Error(`two upcaster tables for ${name}`);
      merged[name] = steps;
    }
  }
  return merged;
}

/**
 * The delivered envelope of one event of a contract map (`{ 'orders.created': OrderCreatedV1, … }`):
 * a union discriminated by `name`, so `if (e.name === ORDER_EVENTS.created)` narrows the payload.
 */
export type EnvelopeOf<M> = {
  [K in keyof M & string]: Omit<DomainEventEnvelope<M[K]>, 'name'> & { name: K };
}[keyof M & string];

/** What an emitter passes: the payload without `v` (the outbox writer stamps it). */
export type Unversioned<P> = Omit<P, 'v'>;

/**
 * Compile-time check that a domain event class records exactly its published payload:
 * `const _: ContractOf<typeof DocumentOutdated, DocumentOutdatedV1> = true;`
 */
export type ContractOf<C extends abstract new (...args: never[]) => { payload: object }, P> = [
  InstanceType<C>['payload'],
] extends [Unversioned<P>]
  ? [Unversioned<P>] extends [InstanceType<C>['payload']]
    ? true
    : 'payload wider than the contract'
  : 'payload does not match the contract';

/**
 * The parts every contract may carry and the audit log reads from any event: what changed
 * (`diff`, personal data already masked by the producer) and the audited part of the aggregate
 * (`subject`, e.g. a service of an order).
 */
export interface AuditablePayload {
  v?: number;
  diff?: Readonly<Record<string, { from: unknown; to: unknown }>>;
  subject?: { entity: string; id: string };
}

/** The payload without its contract version (what the audit log records for an event without a diff). */
export function withoutVersion(payload: object): Record<string, unknown> {
  const { v: _v, ...rest } = payload as Record<string, unknown>;
  return rest;
}
