import { Inject, Injectable } from '@nestjs/common';
import { can } from '../../../../shared/auth/permission-matrix';
import type { Actor } from '../../../../shared/domain/actor';
import { DomainError } from '../../../../shared/domain/domain-error';
import { DocumentCrossBorderForced } from '../../domain/document.events';
import type { DocumentType } from '../../domain/document-data';
import { ORDER_WARNINGS, type OrderWarnings } from '../ports/order-warnings.port';

/**
 * Documents carry passenger data to the suppliers of the order. When a supplier is in a country
 * without adequate protection and no notified transfer is recorded (152-FZ art. 12), generating or
 * finalizing needs `force` (a supervisor's or admin's `orders.force`), and the forced action is audited.
 */
@Injectable()
export class CrossBorderGate {
  constructor(@Inject(ORDER_WARNINGS) private readonly warnings: OrderWarnings) {}

  /** Throws 409 PRIVACY.TRANSFER_NOT_NOTIFIED without force; with force, the audit event to append (or null). */
  async check(
    orderId: string,
    action: 'generate' | 'finalize',
    type: DocumentType,
    documentId: string | null,
    force: boolean,
    actor: Actor,
  ): Promise<DocumentCrossBorderForced | null> {
    const found = await this.warnings.unnotifiedTransfers(orderId);
    if (found.length === 0) return null;
    if (!force) {
      throw new DomainError(
        'PRIVACY.TRANSFER_NOT_NOTIFIED',
        `The order sends passenger data abroad without a notified cross-border transfer ` +
          `(${found.length} service(s)); record the transfer with its notification date, or send force: true`,
        { transfers: found },
      );
    }
    if (!can(actor.role, 'orders.force')) {
      throw new DomainError('COMMON.FORBIDDEN', 'force needs the orders.force permission');
    }
    return new DocumentCrossBorderForced(documentId, {
      orderId,
      action,
      type,
      transfers: found.flatMap((w) => w.serviceIds.map((serviceId) => ({ serviceId, message: w.message }))),
    });
  }
}
