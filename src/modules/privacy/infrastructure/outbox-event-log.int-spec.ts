import { useIntDb } from '../../../../test/support/int-db';
import { uuidv7 } from '../../../shared/domain/uuid';
import { OutboxEventLog } from './outbox-event-log';

describe('OutboxEventLog on the migrated schema', () => {
  const db = useIntDb();

  it('lists the events of one correlation id in outbox order, including those of the current transaction', async () => {
    const correlation = `req-${uuidv7()}`;
    const insert = (name: string, corr: string | null) =>
      db().uow.sql(
        `INSERT INTO outbox (id, name, aggregate_type, aggregate_id, aggregate_version, occurred_at, actor_role,
                             correlation_id, payload)
         VALUES ($1, $2, 'client', $3, 1, '2026-11-30T10:00:00.123Z', 'admin', $4, '{}')`,
        [uuidv7(), name, uuidv7(), corr],
      );
    await insert('clients.erased', correlation);
    await insert('clients.updated', `other-${uuidv7()}`);
    await insert('orders.payer-pseudonymized', null);
    const log = new OutboxEventLog(db().uow);
    const seen = await db().tx(async () => {
      await insert('privacy.destroyed', correlation);
      return log.eventsOf(correlation);
    });
    expect(seen.map((e) => e.name)).toEqual(['clients.erased', 'privacy.destroyed']);
    expect(seen[0]).toMatchObject({ aggregateType: 'client', occurredAt: '2026-11-30T10:00:00.123Z' });
    expect(await log.eventsOf('nothing')).toEqual([]);
  });
});
