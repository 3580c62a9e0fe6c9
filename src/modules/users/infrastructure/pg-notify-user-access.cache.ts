import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import type { UserAccessCache } from '../application/ports/user-access-cache.port';
import type { UserAccess } from '../application/queries/get-user-access/get-user-access.query';

/** The channel the `users_notify_change` trigger (migration 1764170000001) notifies on. */
export const USERS_CHANGED_CHANNEL = 'users_changed';
/** What the trigger sends on TRUNCATE: forget everyone. */
const EVERYONE = '*';
/** How long an entry lives while the notifications arrive (a safety net for a lost one). */
export const USER_ACCESS_TTL_MS = 5_000;
/** How long an entry lives while the listening connection is down or absent (embedded database). */
export const USER_ACCESS_TTL_UNLISTENED_MS = 1_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MIN_MS = 200;
const RECONNECT_MAX_MS = 5_000;

interface Entry<T = UserAccess | null> {
  value: T;
  expiresAt: number;
}

/**
 * The per-request user check from memory: an entry per user id for a few seconds, dropped on every
 * replica when the user changes. Each replica holds one extra PostgreSQL connection that
 * `LISTEN`s on `users_changed`; a trigger on `users` notifies the id of every inserted, updated
 * or deleted row when its transaction commits, so a disabled user or a new role reaches every
 * replica in milliseconds. This process also forgets the user as soon as its own change commits
 * (the repository's after-commit hook), before the notification comes back.
 *
 * Safety nets: entries expire after 5 s even if a notification were lost; while the listening
 * connection is down (database restart, network) the cache is emptied and entries live 1 s, and
 * the connection is re-established with back-off (emptying the cache again: notifications sent
 * meanwhile are lost). A read that started before an invalidation is answered but not kept
 * (generation counter), so an in-flight load of the old row cannot outlive the change. With the
 * embedded database (one process) there is no listener: local invalidation plus the 1 s TTL.
 *
 * Staff names (`names`, shown next to manager ids on orders) live beside the access records under
 * the same rules, so reading an order with a manager needs no second round trip.
 */
@Injectable()
export class PgNotifyUserAccessCache
  implements UserAccessCache, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly log = new Logger('UserAccessCache');
  private readonly entries = new Map<string, Entry>();
  /** Staff names by user id (deleted users too: old entries still show who did them); null: no such user. */
  private readonly nameEntries = new Map<string, Entry<string | null>>();
  private generation = 0;
  private client: Client | null = null;
  private listening = false;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** True while notifications arrive (the longer TTL applies). */
  get isListening(): boolean {
    return this.listening;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.databaseUrl) return; // embedded: one process, local invalidation suffices
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = null;
    this.listening = false;
    await c?.end().catch(() => undefined);
  }

  async get(id: string, load: () => Promise<UserAccess | null>): Promise<UserAccess | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > now) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.evictExpired(now);
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      const ttl = this.listening ? USER_ACCESS_TTL_MS : USER_ACCESS_TTL_UNLISTENED_MS;
      this.entries.set(id, { value, expiresAt: Date.now() + ttl });
    }
    return value;
  }

  async names(
    ids: readonly string[],
    load: (missing: string[]) => Promise<Map<string, string>>,
  ): Promise<Map<string, string>> {
    const now = Date.now();
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.nameEntries.get(id);
      if (hit && hit.expiresAt > now) {
        if (hit.value !== null) found.set(id, hit.value);
      } else missing.push(id);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const loaded = await load(missing);
    const keep = generation === this.generation;
    if (keep && this.nameEntries.size + missing.length > MAX_ENTRIES) this.nameEntries.clear();
    const expiresAt = Date.now() + (this.listening ? USER_ACCESS_TTL_MS : USER_ACCESS_TTL_UNLISTENED_MS);
    for (const id of missing) {
      const name = loaded.get(id) ?? null;
      if (name !== null) found.set(id, name);
      if (keep) this.nameEntries.set(id, { value: name, expiresAt });
    }
    return found;
  }

  invalidate(id: string): void {
    this.generation += 1;
    if (id === EVERYONE) {
      this.entries.clear();
      this.nameEntries.clear();
    } else {
      this.entries.delete(id);
      this.nameEntries.delete(id);
    }
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.nameEntries.clear();
  }

  private evictExpired(now: number): void {
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const c = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'travel-crm-listen',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    // the listener's failures never reach the requests: they are logged and retried
    c.on('error', (err) => this.lost(c, err));
    c.on('end', () => this.lost(c, new Error('connection ended')));
    c.on('notification', (n) => {
      if (n.channel === USERS_CHANGED_CHANNEL && n.payload) this.invalidate(n.payload);
    });
    this.client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${USERS_CHANGED_CHANNEL}`);
    } catch (err) {
      this.lost(c, err as Error);
      return;
    }
    if (this.client !== c) return;
    // notifications sent while not listening are lost: start from an empty cache
    this.clear();
    this.listening = true;
    this.reconnectDelay = RECONNECT_MIN_MS;
  }

  private lost(c: Client, err: Error): void {
    if (this.client !== c) return; // an old connection's late event
    this.client = null;
    const wasListening = this.listening;
    this.listening = false;
    this.clear();
    c.end().catch(() => undefined);
    if (this.closed) return;
    if (wasListening) {
      this.log.warn(`listening for user changes stopped (${err.message}); cache entries now live 1 s`);
    }
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect().then(() => {
        if (this.listening) this.log.log('listening for user changes again');
      });
    }, delay);
    this.reconnectTimer.unref();
  }
}
