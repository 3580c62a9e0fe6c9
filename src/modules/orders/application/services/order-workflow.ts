import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../../config/app-config';
import { APP_CONFIG } from '../../../../config/config.module';
import { can } from '../../../../shared/auth/permission-matrix';
import type { Actor } from '../../../../shared/domain/actor';
import { ConcurrencyError, DomainError, NotFoundError } from '../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import type { Order, ServiceChangeContext } from '../../domain/order';
import { ORDER_REPOSITORY, type OrderRepository } from '../../domain/order.repository.port';
import { ClientDirectory } from './client-directory';
import { withOrderFacts } from './order-event-facts';

/** The steps every order command shares: lock and load, version check, policy context, save + outbox. */
@Injectable()
export class OrderWorkflow {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    private readonly outbox: OutboxWriter,
    private readonly clients: ClientDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Locks the live order (FOR UPDATE) and checks the version the caller read, when given. */
  async load(id: string, expectedVersion?: number): Promise<Order> {
    const order = await this.orders.findByIdForUpdate(id);
    if (!order || order.deleted) throw new NotFoundError('order', id);
    if (expectedVersion !== undefined && order.version !== expectedVersion) {
      throw new ConcurrencyError('order', id, order.version);
    }
    return order;
  }

  /** The order a service belongs to (null when there is no such service). */
  orderOfService(serviceId: string): Promise<string | null> {
    return this.orders.orderIdOfService(serviceId);
  }

  /** Conflict settings and the travellers' passports (through the clients module) for a service change. */
  async serviceContext(order: Order, actor: Actor, force: boolean): Promise<ServiceChangeContext> {
    if (force && !can(actor.role, 'orders.force')) {
      throw new DomainError('COMMON.FORBIDDEN', 'force needs the orders.force permission');
    }
    return {
      by: actor.userId,
      now: new Date(),
      force,
      conflicts: {
        minConnectionMinutes: this.config.orders.minConnectionMinutes,
        passports: await this.clients.passports(order.travellerIds),
      },
    };
  }

  /** Saves with the optimistic version check and appends the recorded events in the same transaction. */
  async save(order: Order, actor: Actor): Promise<void> {
    if (!order.hasChanges) return;
    // the update reads the order's version as it is called, before pullEvents moves it on; its
    // statements and the outbox's go out together and are answered in one round trip
    const updating = this.orders.update(order);
    const events = withOrderFacts(order, order.pullEvents());
    await Promise.all([updating, this.outbox.append(events, actor)]);
  }
}
