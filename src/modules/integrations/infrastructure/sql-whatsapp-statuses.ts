import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { WhatsAppStatuses } from '../application/ports/whatsapp-statuses.port';
import type { WhatsAppDelivery } from '../domain/whatsapp-webhook';

/** {@link WhatsAppStatuses} on PostgreSQL (`whatsapp_statuses`): one INSERT per delivery. */
@Injectable()
export class SqlWhatsAppStatuses extends WhatsAppStatuses {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(integrationId: string, statuses: WhatsAppDelivery['statuses']): Promise<void> {
    if (statuses.length === 0) return;
    await this.uow.sql(
      `INSERT INTO whatsapp_statuses (integration_id, provider_message_id, status, occurred_at, error_code,
                                      error_title)
       SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::text[])
       ON CONFLICT DO NOTHING`,
      [
        integrationId,
        statuses.map((s) => s.wamid.slice(0, 998)),
        statuses.map((s) => s.status.slice(0, 40)),
        statuses.map((s) => s.at),
        statuses.map((s) => s.errorCode),
        statuses.map((s) => s.errorTitle?.slice(0, 200) ?? null),
      ],
    );
  }
}
