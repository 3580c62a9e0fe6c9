import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { RequestContext } from '../context/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainError, ValidationError } from '../domain/domain-error';

interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Runs the whole request in one transaction together with its idempotency record: the key row
 * is inserted first (a concurrent request with the same key waits on the unique index), the
 * handler runs, and the response is stored before commit. A failure rolls everything back,
 * so the key can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly uow: UnitOfWork) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const key = req.header('idempotency-key');
    if (key === undefined) return next.handle();
    if (key.length < 1 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw ValidationError.field(
        'Idempotency-Key',
        'Idempotency-Key must be 1–200 visible ASCII characters',
      );
    }
    const scope = RequestContext.current()?.userId ?? `ip:${req.ip}`;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.baseUrl}${req.path}\n${canonical(req.body ?? null)}`)
      .digest('hex');
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;

    return from(
      this.uow.run(async () => {
        const inserted = await this.uow.sql(
          `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
           ON CONFLICT (scope, key) DO NOTHING`,
          [scope, key, requestHash],
        );
        if (inserted.rowCount === 0) {
          const [stored] = await this.uow.rows<StoredKey>(
            `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
            [scope, key],
          );
          if (stored.request_hash !== requestHash) {
            throw new DomainError(
              'IDEMPOTENCY.KEY_REUSED',
              'This Idempotency-Key was already used with a different request',
            );
          }
          if (stored.response_status === null) {
            throw new DomainError(
              'IDEMPOTENCY.IN_PROGRESS',
              'A request with this Idempotency-Key is in progress',
            );
          }
          res.status(stored.response_status);
          res.setHeader('Idempotent-Replayed', 'true');
          return stored.response_body;
        }
        const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await this.uow.sql(
          `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
          [scope, key, status, JSON.stringify(result ?? null)],
        );
        return result;
      }),
    );
  }
}
