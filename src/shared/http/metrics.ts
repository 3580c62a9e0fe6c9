import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { foregroundFirst } from '../runtime/foreground-first';

/** The outbox backlog as `/metrics` reports it. */
export interface OutboxBacklog {
  pending: number;
  parked: number;
  /** Age of the oldest pending event; 0 when none is pending. */
  oldestPendingAgeSeconds: number;
}

/** Prometheus metrics of this process: Node defaults plus HTTP request durations by route. */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly outboxFailures = new Counter({
    name: 'outbox_delivery_failures_total',
    help: 'Failed deliveries of outbox events to subscribers',
    registers: [this.registry],
  });

  private backlogSource: (() => Promise<OutboxBacklog>) | undefined;
  private backlogRead: { at: number; value: Promise<OutboxBacklog | null> } | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, pick: (b: OutboxBacklog) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: async function (this: Gauge) {
          const b = await metrics.backlog();
          if (b) this.set(pick(b));
        },
      });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the gauges' collect() has its own `this`
    const metrics = this;
    gauge('outbox_pending_events', 'Outbox events waiting for delivery', (b) => b.pending);
    gauge('outbox_parked_events', 'Outbox events parked after too many failures', (b) => b.parked);
    gauge(
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest outbox event waiting for delivery (0 when none)',
      (b) => b.oldestPendingAgeSeconds,
    );
    // how often, and how long, background rounds waited for requests (foreground-first.ts)
    const counted = (name: string, help: string, read: () => number) => {
      let reported = 0;
      return new Counter({
        name,
        help,
        registers: [this.registry],
        collect(this: Counter) {
          const now = read();
          if (now > reported) this.inc(now - reported);
          reported = now;
        },
      });
    };
    counted(
      'background_rounds_deferred_total',
      'Background rounds held back while requests were answered on a busy event loop',
      () => foregroundFirst.deferred,
    );
    counted(
      'background_deferred_seconds_total',
      'Time background rounds were held back for requests',
      () => foregroundFirst.deferredMs / 1000,
    );
  }

  /** Where the outbox gauges read the backlog from (the outbox registers it once the database is up). */
  setOutboxBacklogSource(source: () => Promise<OutboxBacklog>): void {
    this.backlogSource = source;
  }

  /** One query per scrape for all three gauges; a failed read leaves them at their last values. */
  private backlog(): Promise<OutboxBacklog | null> {
    const source = this.backlogSource;
    if (!source) return Promise.resolve(null);
    const now = Date.now();
    if (!this.backlogRead || now - this.backlogRead.at > 1000) {
      this.backlogRead = { at: now, value: source().catch(() => null) };
    }
    return this.backlogRead.value;
  }

  /** Fastify `onResponse` hook: one observation per answered request. */
  onResponse() {
    return (req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
      // the matched route pattern (no ids, no query) keeps label cardinality bounded
      const route = (req.is404 ? undefined : req.routeOptions.url) ?? 'unmatched';
      this.duration.observe(
        { method: req.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    };
  }
}
