import { SqlRateRepository } from '../../src/modules/finance/infrastructure/sql-rate.repository';
import type { QueryBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../src/config/app-config';
import { GetClientSummariesHandler } from '../../src/modules/clients/application/queries/get-client-summaries/get-client-summaries.handler';
import { GetClientSummariesQuery } from '../../src/modules/clients/application/queries/get-client-summaries/get-client-summaries.query';
import { ClientPiiCodec } from '../../src/modules/clients/application/services/client-pii.codec';
import { GetRateHandler } from '../../src/modules/finance/application/queries/get-rate/get-rate.handler';
import { RateBook } from '../../src/modules/finance/application/services/rate-book';
import { AddServiceCommand } from '../../src/modules/orders/application/commands/add-service/add-service.command';
import { AddServiceHandler } from '../../src/modules/orders/application/commands/add-service/add-service.handler';
import {
  CreateOrderCommand,
  type CreateOrderInput,
} from '../../src/modules/orders/application/commands/create-order/create-order.command';
import { CreateOrderHandler } from '../../src/modules/orders/application/commands/create-order/create-order.handler';
import { ClientDirectory } from '../../src/modules/orders/application/services/client-directory';
import { OrderWorkflow } from '../../src/modules/orders/application/services/order-workflow';
import { ServiceRates } from '../../src/modules/orders/application/services/service-rates';
import { GetRateQuery } from '../../src/modules/orders/contracts/get-rate.query';
import type { OrderEventName, OrderEventPayloads } from '../../src/modules/orders/contracts/orders.events';
import type { ServiceInput } from '../../src/modules/orders/domain/service';
import { SqlOrderRepository } from '../../src/modules/orders/infrastructure/persistence/sql-order.repository';
import type { Actor } from '../../src/shared/domain/actor';
import { DomainError } from '../../src/shared/domain/domain-error';
import { statusOf } from '../../src/shared/errors/error-codes';
import type { OutboxRelay } from '../../src/shared/outbox/outbox.relay';
import { OutboxWriter } from '../../src/shared/outbox/outbox.writer';
import { type IntDb, useIntDb } from './int-db';
import { insertClientRow, insertUser, testCipher } from './int-fixtures';
import { flight as flightBody, hotel as hotelBody } from './orders';

/**
 * The orders command handlers' collaborators outside Nest, on an int-spec database: the real SQL
 * repository and outbox writer, and a query bus that answers the two cross-module queries the
 * orders module sends (clients' GetClientSummariesQuery, finance's GetRateQuery) with their real
 * handlers — no fakes of the database.
 */
export interface OrdersHarness {
  repo: SqlOrderRepository;
  outbox: OutboxWriter;
  clients: ClientDirectory;
  rates: ServiceRates;
  workflow: OrderWorkflow;
}

export function ordersHarness(db: IntDb): OrdersHarness {
  const relay = { deliverSoon: () => undefined } as unknown as OutboxRelay;
  const summaries = new GetClientSummariesHandler(db.uow, new ClientPiiCodec(testCipher('k1')));
  const rate = new GetRateHandler(new RateBook(new SqlRateRepository(db.uow)));
  const queries = {
    execute: (q: unknown) => {
      if (q instanceof GetClientSummariesQuery) return summaries.execute(q);
      if (q instanceof GetRateQuery) return rate.execute(q);
      throw new Error(`the orders harness does not answer ${String(q)}`);
    },
  } as unknown as QueryBus;
  const repo = new SqlOrderRepository(db.uow);
  const outbox = new OutboxWriter(db.uow, relay);
  const clients = new ClientDirectory(queries);
  const config = { orders: { minConnectionMinutes: 60 } } as unknown as AppConfig;
  return {
    repo,
    outbox,
    clients,
    rates: new ServiceRates(queries),
    workflow: new OrderWorkflow(repo, outbox, clients, config),
  };
}

/** A staff member of `role` as the actor of a command. */
export async function actorOf(
  db: IntDb,
  role: 'admin' | 'supervisor' | 'operator' | 'accountant' = 'operator',
): Promise<Actor> {
  return { userId: await insertUser(db, role), role, correlationId: null };
}

/** A live client (the payer) and its id. */
export function payerRow(db: IntDb, name = 'Петров Пётр'): Promise<string> {
  return insertClientRow(db, name);
}

/** An outbox row of the orders module with its payload typed by the orders contract. */
export interface OutboxOrderEvent<N extends OrderEventName = OrderEventName> {
  name: N;
  aggregateVersion: number;
  actorUserId: string | null;
  payload: OrderEventPayloads[N];
}

/** The events appended for `orderId` after outbox seq `afterSeq`, in order. */
export async function orderEventsSince(
  db: IntDb,
  orderId: string,
  afterSeq = '0',
): Promise<OutboxOrderEvent[]> {
  return db.q<OutboxOrderEvent>(
    `SELECT name, aggregate_version AS "aggregateVersion", actor_user_id AS "actorUserId", payload
       FROM outbox WHERE aggregate_id = $1 AND seq > $2::bigint ORDER BY seq`,
    [orderId, afterSeq],
  );
}

/** The latest outbox seq (to read only what a command appends). */
export async function outboxSeq(db: IntDb): Promise<string> {
  const { seq } = await db.one<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM outbox`);
  return seq;
}

/** The event of `name` among `events`, typed by the contract; throws when absent. */
export function eventOf<N extends OrderEventName>(
  events: OutboxOrderEvent[],
  name: N,
): OrderEventPayloads[N] {
  const e = events.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name} among ${events.map((x) => x.name).join(', ')}`);
  return e.payload as OrderEventPayloads[N];
}

/** What a rejected promise was: the domain error's code and its HTTP status. */
export async function rejection(
  p: Promise<unknown>,
): Promise<{ code: string; status: number; error: DomainError }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, status: statusOf(err.code), error: err };
    throw err;
  }
  throw new Error('expected a rejection');
}

/** The e2e flight body (Moscow → Paris, 1 June 2027, RUB) as a domain input. */
export const flight = (over: Partial<ServiceInput> = {}): ServiceInput =>
  ({ ...flightBody(), ...over }) as ServiceInput;

/** The e2e hotel body (Paris, EUR) without a rate: the handler looks the stored one up. */
export const hotel = (over: Partial<ServiceInput> = {}): ServiceInput =>
  ({ ...hotelBody(), rate: undefined, ...over }) as ServiceInput;

/** A draft order of `clientId` made through the real CreateOrderHandler; its id and version. */
export async function draftOrder(
  db: IntDb,
  h: OrdersHarness,
  actor: Actor,
  clientId: string,
  over: Partial<CreateOrderInput> = {},
): Promise<{ id: string; number: string; version: number }> {
  const handler = new CreateOrderHandler(db.uow, h.repo, h.outbox, h.clients);
  return handler.execute(new CreateOrderCommand({ clientId, currency: 'RUB', ...over }, actor));
}

/** A draft order with one flight added through the real AddServiceHandler (order version 2). */
export async function orderWithFlight(
  db: IntDb,
  actor: Actor,
  clientId: string,
): Promise<{ orderId: string; number: string; serviceId: string }> {
  const h = ordersHarness(db);
  const order = await draftOrder(db, h, actor, clientId);
  const out = await new AddServiceHandler(db.uow, h.workflow, h.rates).execute(
    new AddServiceCommand(order.id, flight(), 1, false, actor),
  );
  return { orderId: order.id, number: order.number, serviceId: out.service!.id };
}

/** What an orders handler spec shares: its database, an operator acting and a live payer. */
export interface OrdersSpec {
  db: () => IntDb;
  actor: Actor;
  payer: string;
}

/** Registers the database and, in beforeAll, the operator and the payer for one describe block. */
export function useOrdersSpec(): OrdersSpec {
  const db = useIntDb();
  const spec = { db } as OrdersSpec;
  beforeAll(async () => {
    spec.actor = await actorOf(db());
    spec.payer = await payerRow(db());
  });
  return spec;
}
