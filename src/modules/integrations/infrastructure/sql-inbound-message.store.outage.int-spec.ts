import type { DataSource } from 'typeorm';
import type { IntDb } from '../../../../test/support/int-db';
import { inboundMessage, integrationsKit } from '../../../../test/support/int-integrations';
import { PrivatePostgres } from '../../../../test/support/private-postgres';
import { ENTITIES } from '../../../app.entities';
import { createDataSource, runMigrationsLocked } from '../../../shared/database/data-source.factory';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import type { InboundMessage } from '../application/inbound/inbound-message.port';

/**
 * Deliveries written together while PostgreSQL is down, on a cluster of this file's own (the
 * shared server is never stopped): every one of them is refused (its webhook answers 503 and the
 * provider delivers again), none is half stored, and once PostgreSQL is back the same deliveries
 * are stored, each once.
 */
describe('SqlInboundMessageStore: deliveries written together while PostgreSQL is stopped', () => {
  let pg: PrivatePostgres;
  let ds: DataSource;
  let uow: UnitOfWork;
  let kit: ReturnType<typeof integrationsKit>;
  let integrationId: string;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    const url = await pg.createDatabase('crm');
    ds = createDataSource({ url, poolMax: 4, entities: ENTITIES, pipeline: true });
    await ds.initialize();
    await runMigrationsLocked(ds);
    uow = new UnitOfWork(ds);
    kit = integrationsKit({ uow } as IntDb);
    integrationId = (await kit.addIntegration({ type: 'whatsapp' })).id;
  }, 120_000);

  afterAll(async () => {
    await uow?.close();
    if (ds?.isInitialized) await ds.destroy();
    await pg?.destroy();
  });

  const message = (): InboundMessage => inboundMessage(integrationId);

  it('refuses every delivery while it is down and stores each once after it is back', async () => {
    const deliveries = Array.from({ length: 6 }, (_, i) => (i % 2 ? [message(), message()] : [message()]));
    await pg.stop('fast');
    let outcomes: PromiseSettledResult<number>[];
    try {
      outcomes = await Promise.allSettled(deliveries.map((d) => kit.inbound.receiveMany(d)));
    } finally {
      await pg.start();
    }
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('rejected'));
    const ids = deliveries.flat().map((m) => m.providerMessageId);
    const count = async () =>
      (
        await uow.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM inbound_messages WHERE provider_message_id = ANY($1)`,
          [ids],
        )
      ).rows[0].n;
    expect(await count()).toBe(0);
    // once PostgreSQL answers again, the provider delivers the same deliveries again
    for (let attempt = 0; ; attempt += 1) {
      const up = await uow.sql('SELECT 1').then(
        () => true,
        () => false,
      );
      if (up) break;
      if (attempt > 50) throw new Error('PostgreSQL did not come back');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const again = await Promise.all(deliveries.map((d) => kit.inbound.receiveMany(d)));
    expect(again).toEqual(deliveries.map((d) => d.length));
    expect(await count()).toBe(9);
  }, 60_000);
});
