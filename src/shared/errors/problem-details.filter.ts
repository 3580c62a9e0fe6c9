import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type HttpRequest, pathOf } from '../http/http-types';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../domain/domain-error';
import { isDatabaseUnavailable } from '../database/pg-errors';
import { driverDataProblem } from './driver-errors';
import { statusOf } from './error-codes';
import { PROBLEM_CONTENT_TYPE, type Problem, problem } from './problem';

const HTTP_CODES: Record<number, string> = {
  400: 'COMMON.MALFORMED_REQUEST',
  401: 'COMMON.UNAUTHORIZED',
  403: 'COMMON.FORBIDDEN',
  404: 'COMMON.NOT_FOUND',
  405: 'COMMON.MALFORMED_REQUEST',
  409: 'COMMON.CONFLICT',
  413: 'COMMON.PAYLOAD_TOO_LARGE',
  415: 'COMMON.UNSUPPORTED_MEDIA_TYPE',
  422: 'COMMON.VALIDATION',
  429: 'COMMON.RATE_LIMITED',
  503: 'COMMON.UNAVAILABLE',
};

/** Seconds a client is asked to wait (`Retry-After`) when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 with Retry-After when the database is unreachable (outage, restart), else null. */
export function unavailableProblem(exception: unknown): Problem | null {
  if (exception instanceof DomainError || exception instanceof HttpException) return null;
  if (!isDatabaseUnavailable(exception)) return null;
  return problem(503, 'COMMON.UNAVAILABLE', 'The database is unavailable; retry shortly', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

/** Turns any thrown value into a problem document. Exported for the body parser and tests. */
export function toProblem(exception: unknown): Problem {
  const unavailable = unavailableProblem(exception);
  if (unavailable) return unavailable;
  if (exception instanceof DomainError) {
    const status = statusOf(exception.code);
    const extra: Record<string, unknown> = { ...exception.details };
    if (exception.fieldErrors.length > 0) extra.errors = exception.fieldErrors;
    return problem(status, exception.code, exception.message, extra);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    let detail = exception.message;
    if (typeof body === 'object' && body !== null && 'message' in body) {
      const m = (body as { message: unknown }).message;
      detail = Array.isArray(m) ? m.join('; ') : String(m);
    }
    if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(detail)) {
      detail = 'No such resource';
    }
    // Fastify's own wording for a body over BODY_LIMIT
    if (status === 413) detail = 'The request body is too large';
    if (status >= 500) return problem(status, 'COMMON.INTERNAL', 'An unexpected error occurred');
    return problem(status, HTTP_CODES[status] ?? 'COMMON.MALFORMED_REQUEST', detail);
  }
  const driverProblem = driverDataProblem(exception);
  if (driverProblem) return driverProblem;
  const bodyParserType = (exception as { type?: unknown })?.type;
  if (typeof bodyParserType === 'string') {
    switch (bodyParserType) {
      case 'entity.parse.failed':
        return problem(400, 'COMMON.MALFORMED_REQUEST', 'The request body is not valid JSON');
      case 'entity.too.large':
        return problem(413, 'COMMON.PAYLOAD_TOO_LARGE', 'The request body is too large');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return problem(415, 'COMMON.UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported');
      case 'request.aborted':
      case 'request.size.invalid':
      case 'stream.encoding.set':
        return problem(400, 'COMMON.MALFORMED_REQUEST', 'The request body could not be read');
    }
  }
  return problem(500, 'COMMON.INTERNAL', 'An unexpected error occurred');
}

export function sendProblem(reply: FastifyReply, p: Problem): void {
  // a body that failed to parse is answered before the route ran inside the request's context
  const requestId =
    RequestContext.current()?.requestId ??
    (reply.request as HttpRequest | undefined)?.contextStore?.requestId;
  const body: Problem = requestId ? { ...p, requestId } : p;
  if ((p.status === 429 || p.status === 503) && typeof p.retryAfterSeconds === 'number') {
    reply.header('Retry-After', String(p.retryAfterSeconds));
  }
  void reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** The one global exception filter: problem+json for every error; causes of 500s logged with the request id. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const p = toProblem(exception);
    if (p.status === 503) {
      this.logger.warn(`${req.method} ${pathOf(req)} answered 503: ${(exception as Error)?.message}`);
    } else if (p.status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${req.method} ${pathOf(req)} failed: ${err.message}`, err.stack);
    }
    if (reply.sent || reply.raw.headersSent) return;
    sendProblem(reply, p);
  }
}
