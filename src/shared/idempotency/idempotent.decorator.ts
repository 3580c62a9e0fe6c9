import { SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

export const IDEMPOTENT = 'crm:idempotent';

/**
 * The POST honours `Idempotency-Key`: the same key with the same body returns the first
 * response and does nothing twice; the same key with another body is a 422.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Client-chosen key (1–200 characters); retries with the same key and body return the first result',
    }),
  );
