import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError, NotFoundError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { GetApplicationQuery } from '../../../../applications/application/queries/get-application/get-application.query';
import { ListApplicationsQuery } from '../../../../applications/application/queries/list-applications/list-applications.query';
import { ListAuditQuery } from '../../../../audit/application/queries/list-audit/list-audit.query';
import { GetClientQuery } from '../../../../clients/application/queries/get-client/get-client.query';
import { ListClientFilesQuery } from '../../../../clients/application/queries/list-client-files/list-client-files.query';
import { ListOrderDocumentsQuery } from '../../../../documents/application/queries/list-order-documents/list-order-documents.query';
import { GetOrderServicesQuery } from '../../../../orders/application/queries/get-order-services/get-order-services.query';
import { GetUserQuery } from '../../../../users/application/queries/get-user/get-user.query';
import { PRIVACY_EVENTS, PrivacyEvent } from '../../../domain/privacy.events';
import { PRIVACY_STORE, type PrivacyStore } from '../../ports/privacy-store.port';
import { SubjectDealings } from '../../services/subject-dealings';
import {
  ExportPersonalDataQuery,
  type PersonalDataExport,
  type PersonalDataRead,
} from './export-personal-data.query';

@QueryHandler(ExportPersonalDataQuery)
export class ExportPersonalDataHandler implements IQueryHandler<ExportPersonalDataQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    private readonly queries: QueryBus,
    private readonly dealings: SubjectDealings,
    @Inject(PRIVACY_STORE) private readonly store: PrivacyStore,
  ) {}

  async execute({ clientId, format, actor }: ExportPersonalDataQuery): Promise<PersonalDataExport> {
    return this.uow.run(async () => {
      const found = await this.queries.execute(new GetClientQuery(clientId, actor, 'exportPersonalData'));
      if (found.status === 'merged') {
        throw new DomainError('CLIENTS.MERGED', `client ${clientId} was merged into ${found.survivorId}`, {
          survivorId: found.survivorId,
        });
      }
      if (found.status !== 'found') throw new NotFoundError('client', clientId);
      const destruction = await this.store.destructionOf(clientId);
      const files = await this.queries.execute(new ListClientFilesQuery(clientId, { limit: 200, offset: 0 }));
      const consents = await this.store.consents({ clientId });
      const appPage = await this.queries.execute(
        new ListApplicationsQuery({ clientId }, { limit: 200, offset: 0 }),
      );
      const applications: Array<Record<string, unknown>> = [];
      for (const a of appPage.items) {
        const full = await this.queries.execute(new GetApplicationQuery(a.id));
        if (full) applications.push({ ...full });
      }
      const orderItems = await this.dealings.orders(clientId);
      const orders: Array<Record<string, unknown>> = [];
      const documents: Array<Record<string, unknown>> = [];
      for (const o of orderItems) {
        const services = (await this.queries.execute(new GetOrderServicesQuery(o.id))) ?? [];
        orders.push({ ...o, services });
        documents.push(
          ...(await this.queries.execute(new ListOrderDocumentsQuery(o.id))).map((d) => ({ ...d })),
        );
      }
      const payments = await this.dealings.payments(orderItems.map((o) => o.id));
      const reads = await this.reads(clientId);
      await this.outbox.append(
        [
          new PrivacyEvent(PRIVACY_EVENTS.personalDataExported, 'client', clientId, {
            format,
            sections: [
              'profile',
              'consents',
              'applications',
              'orders',
              'payments',
              'documents',
              'files',
              'reads',
            ],
          }),
        ],
        actor,
      );
      return {
        clientId,
        generatedAt: new Date().toISOString(),
        destroyed: destruction
          ? {
              pseudonym: destruction.pseudonym,
              performedAt: destruction.performedAt,
              actDocumentId: destruction.actDocumentId,
            }
          : null,
        profile: { ...found.client },
        consents: consents.map((c) => ({ ...c })),
        applications,
        orders,
        payments: payments.map((p) => ({ ...p })),
        documents,
        files: files.items.map((f) => ({ ...f })),
        reads,
      };
    });
  }

  private async reads(clientId: string): Promise<PersonalDataRead[]> {
    const page = await this.queries.execute(
      new ListAuditQuery(
        { entity: 'client', entityId: clientId, action: 'pii.read', sort: '-seq' },
        { limit: 200, offset: 0 },
      ),
    );
    const names = new Map<string, string | null>();
    const out: PersonalDataRead[] = [];
    for (const e of page.items) {
      if (e.userId && !names.has(e.userId)) {
        names.set(e.userId, (await this.queries.execute(new GetUserQuery(e.userId)))?.fullName ?? null);
      }
      const diff = (e.diff ?? {}) as { via?: unknown; fields?: unknown };
      out.push({
        at: e.ts,
        userId: e.userId,
        userName: e.userId ? (names.get(e.userId) ?? null) : null,
        role: e.role,
        via: typeof diff.via === 'string' ? diff.via : null,
        fields: Array.isArray(diff.fields) ? diff.fields.map(String) : [],
      });
    }
    return out;
  }
}
