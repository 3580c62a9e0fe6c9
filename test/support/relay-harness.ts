import type { DiscoveryService } from '@nestjs/core';
import type { EventBus } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import type { DomainEventEnvelope } from '../../src/shared/domain/domain-event';
import { DomainEventHandler } from '../../src/shared/outbox/domain-event-handler.decorator';
import { OutboxRelay } from '../../src/shared/outbox/outbox.relay';

/**
 * An OutboxRelay outside Nest with one subscriber (`handle`) for every event — for the relay's
 * integration test and its child process (which claims rows and is then killed with -9).
 */
export function relayWith(
  ds: DataSource,
  handle: (e: DomainEventEnvelope) => Promise<void>,
  name = 'lease-probe',
): OutboxRelay {
  @DomainEventHandler({ name, events: ['*'] })
  class Probe {
    handle(e: DomainEventEnvelope): Promise<void> {
      return handle(e);
    }
  }
  const discovery = {
    getProviders: () => [{ metatype: Probe, instance: new Probe() }],
  } as unknown as DiscoveryService;
  const eventBus = { publish: () => undefined } as unknown as EventBus;
  const config = {
    outbox: { pollIntervalMs: 200, maxAttempts: 10, batchSize: 50, retryBaseMs: 100, retryMaxMs: 1000 },
  } as AppConfig;
  const relay = new OutboxRelay(new UnitOfWork(ds), discovery, eventBus, config);
  relay.onApplicationBootstrap();
  return relay;
}
