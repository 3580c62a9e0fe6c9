import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../../shared/domain/uuid';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import { FINANCE_REPOSITORY, type FinanceRepository } from '../../../domain/finance.repository.port';
import { CancelPaymentCommand } from './cancel-payment.command';

@CommandHandler(CancelPaymentCommand)
export class CancelPaymentHandler implements ICommandHandler<CancelPaymentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxWriter,
    @Inject(FINANCE_REPOSITORY) private readonly repo: FinanceRepository,
  ) {}

  async execute({
    paymentId,
    reason,
    actor,
  }: CancelPaymentCommand): Promise<{ id: string; reversalId: string }> {
    return this.uow.run(async () => {
      const found = await this.repo.findPayment(paymentId, false);
      if (!found) throw new NotFoundError('payment', paymentId);
      // the same lock order as recording: the balance row first, then the payment row
      const ledger = (await this.repo.lockLedger(found.state.orderId))!;
      const payment = (await this.repo.findPayment(paymentId, true))!;
      const reversal = payment.cancel(uuidv7(), reason, ledger, actor.userId, new Date());
      await this.repo.insertPayment(reversal);
      await this.repo.saveCancellation(payment);
      await this.repo.saveLedger(ledger);
      await this.outbox.append(payment.pullEvents(), actor);
      return { id: payment.id, reversalId: reversal.id };
    });
  }
}
