import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError, ValidationError } from '../../../../../shared/domain/domain-error';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { OrderServiceConfirmationSet } from '../../../domain/order.events';
import {
  type ServiceConfirmationResult,
  SetServiceConfirmationCommand,
} from './set-service-confirmation.command';

@CommandHandler(SetServiceConfirmationCommand)
export class SetServiceConfirmationHandler implements ICommandHandler<SetServiceConfirmationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(c: SetServiceConfirmationCommand): Promise<ServiceConfirmationResult> {
    const reason = c.reason?.trim() || null;
    if (c.status === 'rejected' && reason === null)
      throw ValidationError.field('reason', 'a reason is required to reject a service');
    if (reason !== null && reason.length > 1000)
      throw ValidationError.field('reason', 'reason must be at most 1000 characters');
    return this.uow.run(async () => {
      const [s] = await this.uow.rows<{
        order_id: string;
        number: string;
        manager_id: string | null;
        type: string;
        supplier: string | null;
        previous: string | null;
      }>(
        `SELECT s.order_id, o.number, o.manager_id, s.type, s.supplier, c.status AS previous
           FROM order_services s JOIN orders o ON o.id = s.order_id
           LEFT JOIN order_service_confirmations c ON c.service_id = s.id
          WHERE s.id = $1 AND o.deleted_at IS NULL
          FOR UPDATE OF s`,
        [c.serviceId],
      );
      if (!s || s.supplier === null || s.supplier.trim().toLowerCase() !== c.supplier.trim().toLowerCase())
        throw new NotFoundError('service', c.serviceId);
      await this.uow.sql(
        `INSERT INTO order_service_confirmations (service_id, order_id, status, reason, supplier, decided_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (service_id) DO UPDATE SET status = $3, reason = $4, supplier = $5, decided_at = now()`,
        [c.serviceId, s.order_id, c.status, reason, s.supplier],
      );
      if (s.previous !== c.status) {
        await this.outbox.append(
          [
            new OrderServiceConfirmationSet(s.order_id, {
              number: s.number,
              serviceId: c.serviceId,
              serviceType: s.type,
              status: c.status,
              supplier: s.supplier,
              managerId: s.manager_id,
              // the reason may name personal matters: its length only
              diff: {
                confirmationStatus: { from: s.previous, to: c.status },
                ...(reason === null
                  ? {}
                  : { rejectionReason: { from: null, to: `[${reason.length} characters]` } }),
              },
              subject: { entity: 'service', id: c.serviceId },
            }),
          ],
          c.actor,
        );
      }
      return {
        orderId: s.order_id,
        number: s.number,
        managerId: s.manager_id,
        serviceType: s.type,
        status: c.status,
      };
    });
  }
}
