import { Global, Inject, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClientReferenceMovers } from './contracts/client-references';
import { PersonalDataErasers } from './contracts/personal-data-erasers';
import { FieldCipher } from './crypto/field-cipher';
import { KeyRotationService } from './crypto/key-rotation.service';
import { AppMetrics } from './http/metrics';
import { READINESS_CHECKS, type ReadinessCheck } from './http/readiness';
import { HousekeepingService } from './maintenance/housekeeping.service';
import { KernelPersonalDataEraser } from './maintenance/kernel-personal-data.eraser';
import { IdempotencyGuard } from './idempotency/idempotency.guard';
import { OutboxAdminController } from './outbox/outbox-admin.controller';
import { OutboxMetrics } from './outbox/outbox-metrics';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxWriter } from './outbox/outbox.writer';
import { RateLimiter } from './rate-limit/rate-limiter';

export const WINSTON_LOGGER = Symbol('WINSTON_LOGGER');

/** The kernel every module uses: outbox, idempotency, rate limits, field encryption, metrics. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [OutboxAdminController],
  providers: [
    OutboxWriter,
    OutboxRelay,
    OutboxMetrics,
    IdempotencyGuard,
    RateLimiter,
    HousekeepingService,
    ClientReferenceMovers,
    PersonalDataErasers,
    KernelPersonalDataEraser,
    KeyRotationService,
    {
      provide: FieldCipher,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new FieldCipher(c.encryptionKeys),
    },
    // a factory, not `useValue: []`: each app instance (tests boot several per process) gets its own list
    { provide: READINESS_CHECKS, useFactory: (): ReadinessCheck[] => [] },
  ],
  exports: [
    ClientReferenceMovers,
    PersonalDataErasers,
    KeyRotationService,
    OutboxWriter,
    OutboxRelay,
    IdempotencyGuard,
    RateLimiter,
    FieldCipher,
    READINESS_CHECKS,
  ],
})
export class SharedModule {
  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {}
}

export { AppMetrics };
