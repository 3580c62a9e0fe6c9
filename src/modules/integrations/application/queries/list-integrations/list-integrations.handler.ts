import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import { APP_CONFIG } from '../../../../../config/config.module';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { type Page, pageOf } from '../../../../../shared/pagination/page';
import { type IntegrationView, webhookPath } from '../../integration.view';
import { ListIntegrationsQuery } from './list-integrations.query';

@QueryHandler(ListIntegrationsQuery)
export class ListIntegrationsHandler implements IQueryHandler<ListIntegrationsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ filter, window }: ListIntegrationsQuery): Promise<Page<IntegrationView>> {
    const rows = await this.uow.rows<Omit<IntegrationView, 'webhookUrl'> & { total: string }>(
      `SELECT id, type, purpose, bot_name AS "botName", token_fingerprint AS "tokenFingerprint",
              is_active AS "isActive", ${isoUtc('last_connected_at')} AS "lastConnectedAt", last_error AS "lastError",
              ${isoUtc('created_at')} AS "createdAt", ${isoUtc('updated_at')} AS "updatedAt", version,
              count(*) OVER () AS total
         FROM integration_settings
        WHERE ($1::text IS NULL OR purpose = $1) AND ($2::uuid IS NULL OR id = $2)
        ORDER BY id
        LIMIT $3 OFFSET $4`,
      [filter.purpose ?? null, filter.id ?? null, window.limit, window.offset],
    );
    const items = rows.map(({ total: _total, ...r }) => ({
      ...r,
      // a mailbox is read over IMAP: nothing calls in
      webhookUrl: r.type === 'email' ? null : `${this.config.publicBaseUrl}${webhookPath(r.id, r.type)}`,
    }));
    return pageOf(items, rows.length > 0 ? Number(rows[0].total) : 0, window);
  }
}
