import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import type { Actor } from '../../../../shared/domain/actor';
import type {
  RegenerationCause,
  RegenerationClaim,
  RegenerationQueue,
} from '../../application/ports/regeneration-queue.port';

interface ClaimRow {
  order_id: string;
  cause: string;
  cause_event_id: string;
  actor: Actor;
  token: string;
  requests: number;
  attempts: number;
}

/** Regeneration requests in `document_regeneration_requests`: one row per order, renewed in place. */
@Injectable()
export class SqlRegenerationQueue implements RegenerationQueue {
  constructor(private readonly uow: UnitOfWork) {}

  async request(c: RegenerationCause, delayMs: number, maxDelayMs: number): Promise<void> {
    await this.uow.sql(
      `INSERT INTO document_regeneration_requests (order_id, due_at, cause, cause_event_id, actor, token)
       VALUES ($1, now() + make_interval(secs => $5::double precision / 1000), $2, $3, $4::jsonb, $6)
       ON CONFLICT (order_id) DO UPDATE
          SET due_at = GREATEST(LEAST(EXCLUDED.due_at,
                                      document_regeneration_requests.first_requested_at
                                        + make_interval(secs => $7::double precision / 1000)),
                                document_regeneration_requests.due_at),
              requests = document_regeneration_requests.requests + 1,
              cause = EXCLUDED.cause, cause_event_id = EXCLUDED.cause_event_id, actor = EXCLUDED.actor,
              token = EXCLUDED.token`,
      [c.orderId, c.cause, c.causeEventId, JSON.stringify(c.actor), delayMs, randomUUID(), maxDelayMs],
    );
  }

  async claimDue(limit: number, leaseMs: number): Promise<RegenerationClaim[]> {
    const rows = await this.uow.rows<ClaimRow>(
      `UPDATE document_regeneration_requests r
          SET leased_until = now() + make_interval(secs => $2::double precision / 1000), attempts = r.attempts + 1
        WHERE r.order_id IN (SELECT order_id FROM document_regeneration_requests
                              WHERE due_at <= now() AND (leased_until IS NULL OR leased_until < now())
                              ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING r.order_id, r.cause, r.cause_event_id, r.actor, r.token, r.requests, r.attempts`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      orderId: r.order_id,
      cause: r.cause,
      causeEventId: r.cause_event_id,
      actor: r.actor,
      token: r.token,
      requests: r.requests,
      attempts: r.attempts,
    }));
  }

  async complete(orderId: string, token: string): Promise<void> {
    const r = await this.uow.sql(
      `DELETE FROM document_regeneration_requests WHERE order_id = $1 AND token = $2`,
      [orderId, token],
    );
    if (r.rowCount === 0) {
      // renewed while it was being rendered: due again (its own window), attempts start over
      await this.uow.sql(
        `UPDATE document_regeneration_requests SET leased_until = NULL, attempts = 0, first_requested_at = now()
          WHERE order_id = $1`,
        [orderId],
      );
    }
  }

  async fail(orderId: string, retryMs: number, error: string): Promise<void> {
    await this.uow.sql(
      `UPDATE document_regeneration_requests
          SET leased_until = NULL, last_error = left($3, 500),
              due_at = GREATEST(due_at, now() + make_interval(secs => $2::double precision / 1000))
        WHERE order_id = $1`,
      [orderId, retryMs, error],
    );
  }
}
