import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../../../../shared/domain/actor';
import type { PaymentMethod, PaymentType } from '../../../domain/payment';

export interface RecordPaymentInput {
  type: PaymentType;
  amount: string;
  currency: string;
  /** Payment currency → order currency; omitted: 1 for the order currency, else the stored rate of the day. */
  rate?: string | null;
  paidAt: string;
  method: PaymentMethod;
  reference?: string | null;
  note?: string | null;
  serviceId?: string | null;
  supplier?: string | null;
}

/** Records a payment, refund or supplier payment against an order at a fixed rate. */
export class RecordPaymentCommand extends Command<{ id: string }> {
  constructor(
    readonly orderId: string,
    readonly input: RecordPaymentInput,
    readonly actor: Actor,
  ) {
    super();
  }
}
