/**
 * What one process of the app does. A single process (`all`) answers HTTP and runs the background
 * work; so does every cluster worker with CLUSTER_BACKGROUND=shared (the default). With
 * CLUSTER_BACKGROUND=separate the cluster primary forks `web` workers, which only answer HTTP, and
 * one `background` worker, which does not listen and runs the outbox relay, the pollers and the
 * schedulers at a lower CPU priority (BACKGROUND_NICE): the event loops that answer requests never
 * stop for a batch of deliveries, and the kernel gives the cores to requests first. On the 2-core
 * bench box that bought nothing (BENCHMARKS.md), hence not the default.
 */
export type ProcessRole = 'all' | 'web' | 'background';

/** The environment variable the cluster primary sets on each worker it forks. */
export const PROCESS_ROLE_ENV = 'CRM_PROCESS_ROLE';

/** IPC from a web worker (through the primary) to the background worker: ids committed just now. */
export interface OutboxCommittedMessage {
  crm: 'outbox-committed';
  ids: string[];
}

/** IPC from the background worker to the primary: booted, its shutdown handler is in place. */
export const BACKGROUND_READY_MESSAGE = 'crm:background-ready';

export function isOutboxCommitted(m: unknown): m is OutboxCommittedMessage {
  return (
    typeof m === 'object' &&
    m !== null &&
    (m as { crm?: unknown }).crm === 'outbox-committed' &&
    Array.isArray((m as { ids?: unknown }).ids)
  );
}

let current: ProcessRole = 'all';

/** Set once from `AppConfig.processRole` when the app is built (src/bootstrap.ts). */
export function setProcessRole(role: ProcessRole): void {
  current = role;
}

/** This process's role, for the background loops that start themselves. */
export function thisProcessRole(): ProcessRole {
  return current;
}

/** Whether the relay's poller, the pollers and the schedulers run in this process (not a web worker). */
export function runsBackgroundHere(): boolean {
  return current !== 'web';
}
