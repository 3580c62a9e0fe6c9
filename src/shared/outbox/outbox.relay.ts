import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RequestContext } from '../context/request-context';
import { IN_FAILED_TRANSACTION, pgCode } from '../database/pg-errors';
import { UnitOfWork } from '../database/unit-of-work';
import type { DomainEventEnvelope } from '../domain/domain-event';
import { upcastEnvelope, type UpcasterTable } from '../domain/event-contract';
import { isRole } from '../domain/actor';
import { foregroundFirst } from '../runtime/foreground-first';
import {
  isOutboxCommitted,
  type OutboxCommittedMessage,
  runsBackgroundHere,
  thisProcessRole,
} from '../runtime/process-role';
import {
  DOMAIN_EVENT_HANDLER,
  type DomainEventHandlerOptions,
  type DomainEventSubscriber,
  matchesEvent,
} from './domain-event-handler.decorator';
import { DeliveredDomainEvent } from './delivered-domain-event';

export interface OutboxRow {
  id: string;
  seq: string;
  name: string;
  aggregate_type: string;
  aggregate_id: string | null;
  aggregate_version: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_role: string;
  correlation_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

interface RegisteredHandler {
  options: DomainEventHandlerOptions;
  instance: DomainEventSubscriber;
}

/** How a batch delivered as one transaction ended; `culprit`: the subscriber that threw, if known. */
interface Together {
  ok: boolean;
  culprit?: { name: string; error: unknown };
}

/** A subscriber and the events of a batch it subscribes to (outbox order). */
interface PlannedDelivery {
  h: RegisteredHandler;
  events: DomainEventEnvelope[];
}

const MARK_DELIVERED = `UPDATE outbox SET status = 'delivered', delivered_at = now(), locked_until = NULL, last_error = NULL
  WHERE id = ANY($1::uuid[])`;

/**
 * A claim is a lease: `locked_until` a few seconds ahead, renewed every HEARTBEAT_MS while this
 * process works on the rows. A process that dies (kill -9, lost host) stops renewing, so its
 * rows are due again within LEASE_SECONDS instead of waiting a long fixed lease out; a slow
 * subscriber keeps its rows as long as the process lives. (A lease lost to a stalled event
 * loop means at worst a second attempt, which the inbox turns into a no-op.)
 */
export const LEASE_SECONDS = 10;
const HEARTBEAT_MS = 3_000;
/**
 * At most this many committed ids wait in memory for the after-commit path. The outbox table is
 * the queue; the in-memory set only speeds delivery up. Beyond this (a bulk import writes one
 * event per row, ~100k, faster than the subscribers take them) ids are not remembered: the poller
 * claims them from the table in order, so memory does not grow with the size of a write.
 */
export const MAX_KICKED = 2_000;

/**
 * How long the poller leaves events that a running relay was nudged about to the after-commit path
 * (their `next_attempt_at`, set by OutboxWriter): without it, under a steady stream of commits the
 * poller's loop kept finding them due and leased them, and they went the leased way with inbox
 * rows. A process that dies before delivering leaves them to the poller after this.
 */
export const AFTER_COMMIT_HEAD_START_MS = 2_000;

/** How long the after-commit path waits for more commits before it claims a first batch. */
export const KICK_COALESCE_MS = 20;

/**
 * The columns a claim returns, named: a prepared `SELECT *` fails ("cached plan must not change
 * result type") on every replica still running when a migration adds a column to `outbox`.
 */
const CLAIMED_COLUMNS = `id, seq, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_user_id,
  actor_role, correlation_id, payload, attempts`;
// named statements' texts: module constants, the same strings on every call (see UnitOfWork.prepared)
const CLAIM_DUE_SQL = `SELECT ${CLAIMED_COLUMNS} FROM outbox_claim_due($1, $2)`;
const CLAIM_IDS_SQL = `SELECT ${CLAIMED_COLUMNS} FROM outbox_claim_ids($1::uuid[], $2)`;
const DELIVER_FRESH_SQL = `SELECT ${CLAIMED_COLUMNS} FROM outbox_deliver_fresh($1::uuid[])`;

/** The upcaster table of every module's event contracts, provided by the composition root. */
export const EVENT_UPCASTERS = Symbol('EVENT_UPCASTERS');

export function toEnvelope(row: OutboxRow): DomainEventEnvelope {
  return {
    eventId: row.id,
    name: row.name,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: {
      userId: row.actor_user_id,
      role: isRole(row.actor_role) || row.actor_role === 'system' ? (row.actor_role as never) : 'anonymous',
      correlationId: row.correlation_id,
    },
    correlationId: row.correlation_id,
    payload: row.payload,
    sequence: String(row.seq),
  };
}

/**
 * Delivers committed outbox events to the durable subscribers: at once after commit
 * (`deliverSoon`, one transaction that claims and marks them: deliverFresh), and by a poller
 * that leases pending rows with `FOR UPDATE SKIP LOCKED` so any number of replicas cooperate.
 * A failing subscriber is retried with exponential backoff; after `OUTBOX_MAX_ATTEMPTS` the
 * event is parked for an admin to replay. On the leased way, subscribers that already
 * succeeded are skipped on retry through the inbox.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private handlers: RegisteredHandler[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly kicked = new Set<string>();
  private kickLoop: Promise<void> | null = null;
  private pollLoop: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Ids of rows this process has claimed and not yet finished: their leases are renewed. */
  private readonly leased = new Set<string>();
  private heartbeat: NodeJS.Timeout | null = null;
  /** Wakes a round held back by {@link coalesce} once a full batch waits. */
  private fullBatch: (() => void) | null = null;
  /** A web worker's committed ids on their way to the background worker (sent once per tick). */
  private forwarding: string[] | null = null;
  /** The background worker's listener for the ids the web workers committed. */
  private readonly onMessage = (m: unknown): void => {
    if (isOutboxCommitted(m)) this.deliverSoon(m.ids);
  };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly discovery: DiscoveryService,
    private readonly eventBus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** The modules' upcasters (src/event-contracts.ts): subscribers only see current payload versions. */
    @Optional() @Inject(EVENT_UPCASTERS) private readonly upcasters?: UpcasterTable,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = this.discoverHandlers();
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get handlerNames(): string[] {
    return this.handlers.map((h) => h.options.name);
  }

  /**
   * Starts the poller (and accepts after-commit nudges). A cluster's web worker
   * (src/shared/runtime/process-role.ts) polls nothing and delivers nothing: it passes the ids it
   * commits on to the background worker, which takes them as its own after-commit nudges.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    // a web worker neither polls nor delivers: it forwards what it commits (deliverSoon)
    if (!runsBackgroundHere()) return;
    if (thisProcessRole() === 'background') process.on('message', this.onMessage);
    this.schedulePoll(0);
    this.heartbeat = setInterval(() => void this.renewLeases(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Stops taking new work and waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.running = false;
    process.off('message', this.onMessage);
    this.fullBatch?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([this.kickLoop, this.pollLoop, ...this.inFlight]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Pushes the leases of the rows being worked on forward (one statement for all of them). */
  private async renewLeases(): Promise<void> {
    if (this.leased.size === 0) return;
    try {
      await this.uow.sql(`SELECT outbox_renew_leases($1::uuid[], $2)`, [[...this.leased], LEASE_SECONDS]);
    } catch (err) {
      this.logger.warn(`outbox lease renewal failed: ${(err as Error).message}`);
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Called after a commit with the ids it wrote. */
  deliverSoon(ids: readonly string[]): void {
    if (!this.running) return;
    if (!runsBackgroundHere()) {
      this.forward(ids);
      return;
    }
    for (const id of ids) {
      if (this.kicked.size >= MAX_KICKED) break;
      this.kicked.add(id);
    }
    if (this.fullBatch && this.kicked.size >= this.config.outbox.batchSize) this.fullBatch();
    if (!this.kickLoop) {
      this.kickLoop = this.track(this.drainKicked()).finally(() => {
        this.kickLoop = null;
      });
    }
  }

  /**
   * A web worker's after-commit nudge: the ids committed in this tick go to the primary in one IPC
   * message, which passes them to the background worker. Beyond MAX_KICKED a tick's ids are not
   * sent (the poller claims them from the table); a message the primary never gets (it is gone)
   * leaves them to the poller too.
   */
  private forward(ids: readonly string[]): void {
    if (this.forwarding) {
      for (const id of ids) if (this.forwarding.length < MAX_KICKED) this.forwarding.push(id);
      return;
    }
    this.forwarding = ids.slice(0, MAX_KICKED);
    setImmediate(() => {
      const message: OutboxCommittedMessage = { crm: 'outbox-committed', ids: this.forwarding ?? [] };
      this.forwarding = null;
      try {
        process.send?.(message, undefined, undefined, () => undefined);
      } catch {
        // the channel is closed: the primary is gone and this worker is stopping
      }
    });
  }

  /**
   * Lets the commits of the next few milliseconds join the next batch: a batch costs about the
   * same round trips for 2 events as for 200, so at hundreds of commits a second this turns one
   * small batch per commit or two into one per window. While requests keep the event loop busy
   * ({@link foregroundFirst}) the window stretches until the loop is calm, a full batch waits, or
   * the gate's longest hold-back is over: under load the relay takes few full batches instead of
   * many small ones, and leaves the connections and the CPU to the requests. Skipped once a full
   * batch is waiting.
   */
  private async coalesce(): Promise<void> {
    if (this.kicked.size >= this.config.outbox.batchSize) return;
    // a full batch (or stop) ends the wait and withdraws it from the gate
    const withdraw = new AbortController();
    const busy = foregroundFirst.room(withdraw.signal);
    if (!busy && KICK_COALESCE_MS <= 0) return;
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        withdraw.abort();
        resolve();
      };
      if (busy) void busy.then(done);
      else timer = setTimeout(done, KICK_COALESCE_MS);
      this.fullBatch = done;
    });
    this.fullBatch = null;
  }

  /** Delivers everything due now (tests, admin tooling). Returns the number of events processed. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.claimDue();
      if (rows.length === 0) return total;
      await this.deliverAll(rows);
      total += rows.length;
    }
  }

  private discoverHandlers(): RegisteredHandler[] {
    const found: RegisteredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const options = Reflect.getMetadata(DOMAIN_EVENT_HANDLER, metatype) as
        DomainEventHandlerOptions | undefined;
      if (options) found.push({ options, instance: instance as DomainEventSubscriber });
    }
    const names = found.map((h) => h.options.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`two domain event handlers are named "${dup}"`);
    // a subscriber holding a contended lock (the audit chain's head) goes last in a batch delivered
    // as one transaction, so the lock is held until the commit only
    return [...found.filter((h) => !h.options.contended), ...found.filter((h) => h.options.contended)];
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private schedulePoll(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pollLoop = this.track(this.poll()).finally(() => {
        this.pollLoop = null;
        this.schedulePoll(this.config.outbox.pollIntervalMs);
      });
    }, delay);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      while (this.running) {
        const rows = await this.claimDue();
        if (rows.length === 0) return;
        await this.deliverAll(rows);
      }
    } catch (err) {
      this.logger.error(`outbox poll failed: ${(err as Error).message}`);
    }
  }

  private async drainKicked(): Promise<void> {
    try {
      while (this.kicked.size > 0 && this.running) {
        await this.coalesce();
        if (!this.running) break;
        // take the first batch without copying the whole set (a bulk import kicks ~100k ids)
        const ids: string[] = [];
        for (const id of this.kicked) {
          ids.push(id);
          if (ids.length >= this.config.outbox.batchSize) break;
        }
        ids.forEach((id) => this.kicked.delete(id));
        await this.deliverFresh(ids);
      }
    } catch (err) {
      this.logger.error(`outbox delivery failed: ${(err as Error).message}`);
    }
  }

  /** Remembers claimed rows for renewal; a row this process is still delivering is not taken twice. */
  private lease(rows: OutboxRow[]): OutboxRow[] {
    const fresh = rows.filter((r) => !this.leased.has(r.id));
    for (const r of fresh) this.leased.add(r.id);
    return fresh;
  }

  /**
   * The claims are PL/pgSQL functions (migrations 1764200000001, 1764210000001: a plan kept per
   * session, not made on every call) that walk the pending index instead of a bitmap of it: each delivered event leaves a dead index entry until VACUUM, a bitmap scan visits
   * the heap for every one of them on every claim, an index scan marks them and skips them next time.
   */
  private async claimDue(): Promise<OutboxRow[]> {
    return this.lease(
      await this.uow.preparedRows<OutboxRow>('outbox.claim-due', CLAIM_DUE_SQL, [
        this.config.outbox.batchSize,
        LEASE_SECONDS,
      ]),
    );
  }

  private async claimByIds(ids: string[]): Promise<OutboxRow[]> {
    return this.lease(
      await this.uow.preparedRows<OutboxRow>('outbox.claim-ids', CLAIM_IDS_SQL, [ids, LEASE_SECONDS]),
    );
  }

  /**
   * Delivers a claimed batch. First all of it in ONE transaction: the inbox rows of every subscriber
   * that matches an event (one statement), each subscriber's events in outbox order (set-based
   * subscribers, `handleBatch`, with a few statements, the others event by event) and the rows'
   * delivered mark, committed together — a batch is a single connection's few round trips however
   * many subscribers it has. A subscriber matching none of the batch costs nothing.
   *
   * If that transaction fails, nothing of it stays, and the batch is delivered subscriber by
   * subscriber, each in a transaction of its own (side by side): a subscriber that fails there has
   * its events retried one by one (one transaction each), so a failing event is retried and parked
   * alone while the others are applied. Rows every subscriber applied are marked delivered by one
   * statement.
   */
  private async deliverAll(rows: OutboxRow[], failedTogether?: Together): Promise<void> {
    if (rows.length === 0) return;
    rows.sort(bySeq);
    try {
      const failures = new Map<string, string[]>();
      const fail = (id: string, message: string) => {
        const list = failures.get(id);
        if (list) list.push(message);
        else failures.set(id, [message]);
      };
      const envelopes: DomainEventEnvelope[] = [];
      for (const row of rows) {
        try {
          envelopes.push(upcastEnvelope(toEnvelope(row), this.upcasters ?? {}));
        } catch (err) {
          fail(row.id, `upcast: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const plan = this.planFor(envelopes);
      // a batch that already failed as one transaction (deliverFresh) goes subscriber by subscriber
      const together = failedTogether ?? (await this.applyTogether(plan, envelopes));
      if (!together.ok) {
        await this.applyEach(plan, rows, fail, together.culprit);
        const delivered = envelopes.filter((e) => !failures.has(e.eventId));
        if (delivered.length > 0) {
          await this.uow.prepared('outbox.mark-delivered', MARK_DELIVERED, [delivered.map((e) => e.eventId)]);
        }
      }
      for (const e of envelopes)
        if (!failures.has(e.eventId)) this.eventBus.publish(new DeliveredDomainEvent(e));
      for (const row of rows) {
        const messages = failures.get(row.id);
        if (messages) await this.markFailed(row, messages);
      }
    } finally {
      // rows left undelivered by a failure keep their lease only until it runs out
      for (const r of rows) this.leased.delete(r.id);
    }
  }

  /**
   * The after-commit path: events this process committed moments ago. One transaction claims them
   * and marks them delivered in its first statement (`outbox_deliver_fresh`: only events no
   * delivery has touched, so no subscriber has an inbox row for them; the claim is the row lock,
   * other claims skip them until the commit), then applies them to every subscriber, the
   * contended one last. No lease, no inbox rows, no separate claim transaction: an event the
   * request wrote is a version of its row less and one commit less.
   *
   * If the transaction fails, nothing of it stays: the events are claimed with a lease and go
   * subscriber by subscriber, with inbox rows (deliverAll), their one batch attempt spent. Events
   * the statement left out (leased or failed before, already delivered) are claimed the leased way.
   */
  private async deliverFresh(ids: string[]): Promise<void> {
    let delivered: DomainEventEnvelope[] = [];
    let culprit: Together['culprit'];
    try {
      await this.uow.run(async () => {
        const rows = await this.uow.preparedRows<OutboxRow>('outbox.deliver-fresh', DELIVER_FRESH_SQL, [ids]);
        if (rows.length === 0) return;
        rows.sort(bySeq);
        // an event that cannot be upcast fails the transaction: the leased way parks it
        const envelopes = rows.map((r) => upcastEnvelope(toEnvelope(r), this.upcasters ?? {}));
        const first = envelopes[0];
        await RequestContext.run({ requestId: first.correlationId ?? `event:${first.eventId}` }, () =>
          this.applyInTurn(this.planFor(envelopes), (c) => (culprit = c)),
        );
        delivered = envelopes;
      });
    } catch (err) {
      this.logger.debug(`a fresh batch of ${ids.length} failed as one transaction: ${errorText(err)}`);
      await this.deliverAll(await this.claimByIds(ids), { ok: false, culprit });
      return;
    }
    for (const e of delivered) this.eventBus.publish(new DeliveredDomainEvent(e));
    if (delivered.length < ids.length) {
      const done = new Set(delivered.map((e) => e.eventId));
      const rest = ids.filter((id) => !done.has(id));
      await this.deliverAll(await this.claimByIds(rest));
    }
  }

  /** The subscribers that match some of `envelopes`, each with those events in outbox order. */
  private planFor(envelopes: DomainEventEnvelope[]): PlannedDelivery[] {
    const plan: PlannedDelivery[] = [];
    for (const h of this.handlers) {
      const matched = envelopes.filter((e) => matchesEvent(h.options.events, e.name));
      if (matched.length > 0) plan.push({ h, events: matched });
    }
    return plan;
  }

  /**
   * Each subscriber its events in the current transaction, in discovery order (a contended
   * subscriber last: discoverHandlers). The subscriber that threw is `blame`d, unless its statement
   * was only refused for an earlier failed write (25P02), whose author is not known here.
   */
  private async applyInTurn(
    plan: PlannedDelivery[],
    blame: (culprit: NonNullable<Together['culprit']>) => void,
  ): Promise<void> {
    for (const { h, events } of plan) {
      try {
        await this.applyEvents(h, events);
      } catch (err) {
        if (pgCode(err) !== IN_FAILED_TRANSACTION) blame({ name: h.options.name, error: err });
        throw err;
      }
    }
  }

  /**
   * The whole batch in one transaction, `events` marked delivered with it. Not ok, with nothing
   * written, when any part of it failed (the caller then delivers subscriber by subscriber); the
   * culprit is the subscriber that threw, when it is known (not when a write sent without waiting
   * failed the transaction and another subscriber's statement was refused for it, 25P02, nor when
   * the COMMIT failed).
   */
  private async applyTogether(plan: PlannedDelivery[], events: DomainEventEnvelope[]): Promise<Together> {
    if (events.length === 0) return { ok: true };
    const first = events[0];
    let culprit: Together['culprit'];
    try {
      await RequestContext.run({ requestId: first.correlationId ?? `event:${first.eventId}` }, () =>
        this.uow.run(async () => {
          const handlers = plan.flatMap((p) => p.events.map(() => p.h.options.name));
          const ids = plan.flatMap((p) => p.events.map((e) => e.eventId));
          const fresh =
            ids.length === 0
              ? []
              : await this.uow.preparedRows<{ handler: string; event_id: string }>(
                  'outbox.inbox-claim-all',
                  `INSERT INTO inbox (handler, event_id) SELECT * FROM unnest($1::text[], $2::uuid[])
                   ON CONFLICT DO NOTHING RETURNING handler, event_id`,
                  [handlers, ids],
                );
          const freshBy = new Map<string, Set<string>>();
          for (const r of fresh) {
            const set = freshBy.get(r.handler);
            if (set) set.add(r.event_id);
            else freshBy.set(r.handler, new Set([r.event_id]));
          }
          // a subscriber whose inbox rows were all there already applied all of it
          const todo = plan.flatMap(({ h, events: matched }) => {
            const fresh = freshBy.get(h.options.name);
            return fresh ? [{ h, events: onlyFresh(matched, fresh) }] : [];
          });
          await this.applyInTurn(todo, (c) => (culprit = c));
          await this.uow.write('outbox.mark-delivered', MARK_DELIVERED, [events.map((e) => e.eventId)]);
        }),
      );
      return { ok: true };
    } catch (err) {
      this.logger.debug(`a batch of ${events.length} failed as one transaction: ${errorText(err)}`);
      return { ok: false, culprit };
    }
  }

  /**
   * Each subscriber its batch in a transaction of its own, side by side (a batch costs the slowest
   * subscriber's round trips, not their sum); a failing batch is retried event by event. The
   * subscriber that made the whole batch fail (`culprit`) has had its batch attempt: it goes event
   * by event at once (a single event is not tried again until its backoff is over).
   */
  private async applyEach(
    plan: PlannedDelivery[],
    rows: OutboxRow[],
    fail: (id: string, message: string) => void,
    culprit: Together['culprit'],
  ): Promise<void> {
    const attempts = new Map(rows.map((r) => [r.id, r.attempts]));
    await Promise.all(
      plan.map(async ({ h, events: matched }) => {
        try {
          if (culprit?.name === h.options.name) throw culprit.error;
          await this.applyBatch(h, matched);
        } catch (err) {
          if (matched.length > 1) {
            this.logger.warn(
              `subscriber ${h.options.name} failed on a batch of ${matched.length}: ${errorText(err)}; retrying them one by one`,
            );
          }
          for (const e of matched) {
            try {
              if (matched.length > 1) await this.applyBatch(h, [e]);
              else throw err;
            } catch (one) {
              const message = errorText(one);
              fail(e.eventId, `${h.options.name}: ${message}`);
              this.logger.warn(
                `subscriber ${h.options.name} failed on ${e.name} ${e.eventId} (attempt ${(attempts.get(e.eventId) ?? 0) + 1}): ${message}`,
              );
            }
          }
        }
      }),
    );
  }

  /** One transaction: the inbox rows of `events` for this subscriber, then the events not yet applied. */
  private async applyBatch(h: RegisteredHandler, events: DomainEventEnvelope[]): Promise<void> {
    const first = events[0];
    await RequestContext.run({ requestId: first.correlationId ?? `event:${first.eventId}` }, () =>
      this.uow.run(async () => {
        const fresh = await this.uow.preparedRows<{ event_id: string }>(
          'outbox.inbox-claim',
          `INSERT INTO inbox (handler, event_id) SELECT $1, unnest($2::uuid[])
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [h.options.name, events.map((e) => e.eventId)],
        );
        if (fresh.length === 0) return; // all already applied by this subscriber
        await this.applyEvents(h, onlyFresh(events, new Set(fresh.map((r) => r.event_id))));
      }),
    );
  }

  /** `todo` (none applied by this subscriber before) to the subscriber, in the current transaction. */
  private async applyEvents(h: RegisteredHandler, todo: DomainEventEnvelope[]): Promise<void> {
    if (h.instance.handleBatch) {
      await h.instance.handleBatch(todo);
      return;
    }
    for (const e of todo) {
      if (todo.length === 1) await h.instance.handle(e);
      else
        await RequestContext.run({ requestId: e.correlationId ?? `event:${e.eventId}` }, () =>
          h.instance.handle(e),
        );
    }
  }

  private async markFailed(row: OutboxRow, messages: string[]): Promise<void> {
    const attempts = row.attempts + 1;
    const parked = attempts >= this.config.outbox.maxAttempts;
    const backoffMs = Math.min(
      this.config.outbox.retryBaseMs * 2 ** (attempts - 1),
      this.config.outbox.retryMaxMs,
    );
    const jitterMs = Math.floor(Math.random() * backoffMs * 0.2);
    await this.uow.sql(
      `UPDATE outbox SET attempts = $2, last_error = $3, locked_until = NULL,
              status = CASE WHEN $4::boolean THEN 'parked' ELSE 'pending' END,
              next_attempt_at = now() + make_interval(secs => $5::double precision / 1000)
        WHERE id = $1`,
      [row.id, attempts, messages.join('; ').slice(0, 2000), parked, backoffMs + jitterMs],
    );
    if (parked) this.logger.error(`event ${row.name} ${row.id} parked after ${attempts} attempts`);
  }
}

/** Outbox order. */
function bySeq(a: OutboxRow, b: OutboxRow): number {
  return BigInt(a.seq) < BigInt(b.seq) ? -1 : 1;
}

/** The events not applied before (their ids in `fresh`, the inbox rows just written), in order. */
function onlyFresh(events: DomainEventEnvelope[], fresh: ReadonlySet<string>): DomainEventEnvelope[] {
  return fresh.size === events.length ? events : events.filter((e) => fresh.has(e.eventId));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
