import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit } from '../../../../test/support/int-integrations';
import { SqlWhatsAppStatuses } from './sql-whatsapp-statuses';

describe('SqlWhatsAppStatuses on the migrated schema', () => {
  const db = useIntDb();
  let integrationId: string;

  beforeAll(async () => {
    integrationId = (await integrationsKit(db()).addIntegration({ type: 'whatsapp' })).id;
  });

  it('keeps each status once per (message, status), clipped to the column sizes, in one statement', async () => {
    const statuses = new SqlWhatsAppStatuses(db().uow);
    const delivered = {
      wamid: 'wamid.1',
      status: 'delivered',
      at: '2026-11-30T10:00:00.000Z',
      errorCode: null,
      errorTitle: null,
    };
    const failed = {
      wamid: `wamid.${'x'.repeat(1200)}`,
      status: 'failed',
      at: '2026-11-30T10:01:00.000Z',
      errorCode: 131047,
      errorTitle: 'Re-engagement message '.repeat(20),
    };
    await statuses.record(integrationId, [delivered, failed]);
    await statuses.record(integrationId, [delivered]);
    await statuses.record(integrationId, []);

    const rows = await db().q<{
      provider_message_id: string;
      status: string;
      occurred_at: Date;
      error_code: number | null;
      error_title: string | null;
    }>(
      `SELECT provider_message_id, status, occurred_at, error_code, error_title
         FROM whatsapp_statuses WHERE integration_id = $1 ORDER BY occurred_at`,
      [integrationId],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ provider_message_id: 'wamid.1', status: 'delivered', error_code: null });
    expect(rows[0].occurred_at.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(rows[1].provider_message_id).toHaveLength(998);
    expect(rows[1]).toMatchObject({ status: 'failed', error_code: 131047 });
    expect(rows[1].error_title).toHaveLength(200);
  });
});
