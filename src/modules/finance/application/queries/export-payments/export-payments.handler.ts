import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { ClientNames } from '../../services/client-names';
import { type ExportedPayment, ExportPaymentsQuery } from './export-payments.query';

@QueryHandler(ExportPaymentsQuery)
export class ExportPaymentsHandler implements IQueryHandler<ExportPaymentsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: ClientNames,
  ) {}

  async execute({ from, to }: ExportPaymentsQuery): Promise<ExportedPayment[]> {
    const rows = await this.uow.rows<
      Omit<ExportedPayment, 'counterparty' | 'paidAt'> & {
        paidAt: Date;
        clientId: string;
        supplier: string | null;
      }
    >(
      `SELECT p.id, o.number AS "orderNumber", p.type, p.amount::text AS amount, trim(p.currency) AS currency,
              rtrim(rtrim(p.rate::text, '0'), '.') AS rate, p.amount_in_order_currency::text AS "amountInOrderCurrency",
              trim(p.order_currency) AS "orderCurrency", p.method, p.reference, p.note, p.paid_at AS "paidAt",
              o.client_id AS "clientId", p.supplier
         FROM payments p JOIN finance_orders o ON o.order_id = p.order_id
        WHERE p.paid_at >= $1 AND p.paid_at < $2 AND p.cancelled_by IS NULL AND p.reversal_of IS NULL
        ORDER BY p.paid_at, p.id
        LIMIT 100000`,
      [from, to],
    );
    const names = await this.names.of(rows.map((r) => r.clientId));
    return rows.map(({ clientId, supplier, paidAt, ...r }) => ({
      ...r,
      paidAt: paidAt.toISOString(),
      counterparty: r.type.startsWith('supplier') ? supplier : (names.get(clientId) ?? null),
    }));
  }
}
