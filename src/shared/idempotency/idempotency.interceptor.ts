import { canonicalJson } from '../domain/canonical-json';
import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerOf, pathOf } from '../http/http-types';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { RequestContext } from '../context/request-context';
import { FieldCipher } from '../crypto/field-cipher';
import { UnitOfWork } from '../database/unit-of-work';
import { DomainError, ValidationError } from '../domain/domain-error';

interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/** The member a stored response body is sealed under (`v1:<keyId>:…`, see FieldCipher). */
const SEALED = '$sealed';

/**
 * Runs the whole request in one transaction together with its idempotency record: the key row
 * is inserted first (a concurrent request with the same key waits on the unique index), the
 * handler runs, and the response is stored before commit. A failure rolls everything back,
 * so the key can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    const key = headerOf(req, 'idempotency-key');
    if (key === undefined) return next.handle();
    if (key.length < 1 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw ValidationError.field(
        'Idempotency-Key',
        'Idempotency-Key must be 1–200 visible ASCII characters',
      );
    }
    const scope = RequestContext.current()?.userId ?? `ip:${req.ip}`;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${pathOf(req)}\n${canonicalJson(req.body ?? null)}`)
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
          res.code(stored.response_status);
          res.header('Idempotent-Replayed', 'true');
          return this.open(stored.response_body, scope, key);
        }
        const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await this.uow.sql(
          `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
          [scope, key, status, JSON.stringify(this.seal(result ?? null, scope, key))],
        );
        return result;
      }),
    );
  }

  /**
   * Stored responses carry whatever the endpoint answered — often personal data (a client's
   * phones, an application's contact) — so they are kept sealed like any other personal data.
   */
  private seal(body: unknown, scope: string, key: string): { [SEALED]: string } {
    return { [SEALED]: this.cipher.encrypt(JSON.stringify(body), `idempotency:${scope}:${key}`) };
  }

  private open(stored: unknown, scope: string, key: string): unknown {
    const sealed = (stored as Record<string, unknown> | null)?.[SEALED];
    if (typeof sealed !== 'string') return stored;
    return JSON.parse(this.cipher.decrypt(sealed, `idempotency:${scope}:${key}`)) as unknown;
  }
}
