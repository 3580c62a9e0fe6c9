import { SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { RequestContext } from '../context/request-context';
import { IdempotencyGuard } from './idempotency.guard';

export const IDEMPOTENT = 'crm:idempotent';

type Handler = (...args: unknown[]) => unknown;

/**
 * Replaces the route's method with one that runs it through the request's idempotency record when
 * the guard opened one, and calls it directly otherwise. What the decorators below this one
 * recorded on the method (route, status, OpenAPI) is carried over to the wrapper; those above
 * record on the wrapper itself.
 */
const runsOncePerKey: MethodDecorator = (_target, _key, descriptor) => {
  const original = descriptor.value as unknown as Handler;
  const wrapper = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const store = RequestContext.current();
    const idempotent = store?.idempotent;
    if (!idempotent) return original.apply(this, args);
    store.idempotent = undefined;
    return idempotent(async () => original.apply(this, args));
  };
  for (const k of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(k, Reflect.getOwnMetadata(k, original), wrapper);
  }
  Object.defineProperty(wrapper, 'name', { value: original.name });
  (descriptor as PropertyDescriptor).value = wrapper;
};

/**
 * The POST honours `Idempotency-Key`: the same key with the same body returns the first
 * response and does nothing twice; the same key with another body is a 422.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    runsOncePerKey,
    SetMetadata(IDEMPOTENT, true),
    UseGuards(IdempotencyGuard),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Client-chosen key (1–200 characters); retries with the same key and body return the first result',
    }),
  );
