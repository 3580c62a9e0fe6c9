import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error';

/** No request body needs a longer list; DTOs bound their own lists far lower (`@ArrayMaxSize`). */
export const MAX_BODY_ARRAY_LENGTH = 1000;

/**
 * The path of the first array longer than `max` in a parsed JSON value, if any. Iterative (an
 * explicit stack), so a deeply nested body cannot overflow the call stack here, and it stops at the
 * first hit: the check costs one pass at most, before any validation or handler work.
 */
export function findOversizedArray(value: unknown, max: number): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (Array.isArray(v)) {
      if (v.length > max) return path || '(body)';
      for (let i = v.length - 1; i >= 0; i--) {
        if (v[i] !== null && typeof v[i] === 'object') stack.push({ value: v[i], path: `${path}[${i}]` });
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (child !== null && typeof child === 'object') {
          stack.push({ value: child, path: path ? `${path}.${k}` : k });
        }
      }
    }
  }
  return null;
}

/**
 * Refuses a parsed JSON body holding a list longer than `max` with 413 problem+json naming it,
 * before validation: 60,000 elements would otherwise cost seconds of transformation and
 * validation on the event loop. A Fastify `preValidation` hook.
 */
export function arraySizeGuard(max = MAX_BODY_ARRAY_LENGTH) {
  return (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object') return done();
    const field = findOversizedArray(body, max);
    if (!field) return done();
    done(
      new DomainError('COMMON.PAYLOAD_TOO_LARGE', `${field} holds more than ${max} items`, {}, [
        { field, message: `${field} must hold at most ${max} items` },
      ]),
    );
  };
}
