import { canonicalJson } from '../domain/canonical-json';
import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerOf, pathOf } from '../http/http-types';
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
 * `Idempotency-Key` on the routes marked `@Idempotent()`. A request with a key runs whole in one
 * transaction together with its idempotency record: the key row is inserted first (a concurrent
 * request with the same key waits on the unique index), the handler runs, and the response is
 * stored before commit. A failure rolls everything back, so the key can be retried.
 *
 * A guard that hands the route a wrapper (`RequestContext`'s `idempotent`, applied by the
 * decorator around the handler) rather than an interceptor: a Nest interceptor puts the route on
 * an RxJS pipeline for every request, also the usual ones that send no key (about 4 % of the app's
 * CPU per added service, issue 18). Here a request without a key costs one header read.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const key = headerOf(req, 'idempotency-key');
    if (key === undefined) return true;
    if (key.length < 1 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw ValidationError.field(
        'Idempotency-Key',
        'Idempotency-Key must be 1–200 visible ASCII characters',
      );
    }
    const store = RequestContext.current();
    if (!store) throw new Error('IdempotencyGuard needs the request context');
    const res = http.getResponse<FastifyReply>();
    const scope = store.userId ?? `ip:${req.ip}`;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${pathOf(req)}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
    store.idempotent = (handler) => this.once(res, scope, key, requestHash, status, handler);
    return true;
  }

  private once<T>(
    res: FastifyReply,
    scope: string,
    key: string,
    requestHash: string,
    status: number,
    handler: () => Promise<T>,
  ): Promise<T> {
    return this.uow.run(async () => {
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
        return this.open(stored.response_body, scope, key) as T;
      }
      const result = await handler();
      await this.uow.sql(
        `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
        [scope, key, status, JSON.stringify(this.seal(result ?? null, scope, key))],
      );
      return result;
    });
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
