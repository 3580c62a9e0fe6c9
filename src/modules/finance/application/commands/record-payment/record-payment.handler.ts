import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { FINANCE_REPOSITORY, type FinanceRepository } from '../../../domain/finance.repository.port';
import { Payment } from '../../../domain/payment';
import { OrderFactsSync } from '../../services/order-facts';
import { RateBook } from '../../services/rate-book';
import { RecordPaymentCommand } from './record-payment.command';

@CommandHandler(RecordPaymentCommand)
export class RecordPaymentHandler implements ICommandHandler<RecordPaymentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: OrderFactsSync,
    private readonly rates: RateBook,
    private readonly outbox: OutboxWriter,
    @Inject(FINANCE_REPOSITORY) private readonly repo: FinanceRepository,
  ) {}

  async execute({ orderId, input, actor }: RecordPaymentCommand): Promise<{ id: string }> {
    return this.uow.run(async () => {
      const order = await this.facts.refresh(orderId);
      if (!order) throw new NotFoundError('order', orderId);
      // the balance row, locked: concurrent payments on one order queue here
      const ledger = (await this.repo.lockLedger(orderId))!;
      const currency = input.currency.toUpperCase();
      const paidAt = new Date(input.paidAt);
      const supplier = Payment.supplierOf(input, order.services);
      const rate = await this.rates.fix(currency, order.currency, paidAt, input.rate);
      const payment = Payment.record(
        uuidv7(),
        { ...input, currency, paidAt, serviceId: input.serviceId ?? null, supplier },
        ledger,
        rate,
        Payment.orderRateFor(order.currency, order.services, currency),
        actor.userId,
      );
      await this.repo.insertPayment(payment);
      await this.repo.saveLedger(ledger);
      await this.outbox.append(payment.pullEvents(), actor);
      return { id: payment.id };
    });
  }
}
