import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor, Role } from '../domain/actor';

export interface RequestContextStore {
  requestId: string;
  ip?: string;
  userId?: string;
  role?: Role;
  /**
   * Set by the idempotency guard when the request carries an `Idempotency-Key`: runs the route's
   * handler once per key (see `@Idempotent()`).
   */
  idempotent?: <T>(handler: () => Promise<T>) => Promise<T>;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/** Per-request context (request id, caller) carried through async calls for logs and events. */
export const RequestContext = {
  run<T>(store: RequestContextStore, fn: () => T): T {
    return storage.run(store, fn);
  },
  current(): RequestContextStore | undefined {
    return storage.getStore();
  },
  setUser(userId: string, role: Role): void {
    const store = storage.getStore();
    if (store) {
      store.userId = userId;
      store.role = role;
    }
  },
  actor(): Actor {
    const s = storage.getStore();
    return {
      userId: s?.userId ?? null,
      role: s?.role ?? 'anonymous',
      correlationId: s?.requestId ?? null,
    };
  },
};
