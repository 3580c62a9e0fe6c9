import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow } from '../../../shared/pagination/page';
import { CancelPaymentCommand } from '../application/commands/cancel-payment/cancel-payment.command';
import { RecordPaymentCommand } from '../application/commands/record-payment/record-payment.command';
import type { PaymentView } from '../application/payment.view';
import {
  GetOrderBalanceQuery,
  type OrderBalanceView,
} from '../application/queries/get-order-balance/get-order-balance.query';
import { GetPaymentQuery } from '../application/queries/get-payment/get-payment.query';
import { ListPaymentsQuery } from '../application/queries/list-payments/list-payments.query';
import {
  CancelPaymentDto,
  ListPaymentsQueryDto,
  OrderBalanceDto,
  OrderPaymentsQueryDto,
  PaymentDto,
  RecordPaymentDto,
} from './finance.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

@ApiTags('finance')
@ApiBearerAuth()
@Controller()
export class PaymentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('orders/:id/payments')
  @RequirePermission('finance.read')
  @ApiOperation({ operationId: 'listOrderPayments', summary: 'Payment entries of an order, oldest first' })
  @ApiOkResponse({ type: PageDtoOf(PaymentDto) })
  listForOrder(@IdParam() id: string, @Query() q: OrderPaymentsQueryDto): Promise<Page<PaymentView>> {
    return this.queries.execute(
      new ListPaymentsQuery(
        { orderId: id, type: q.type, includeCancelled: q.includeCancelled },
        pageWindow(q),
      ),
    );
  }

  @Post('orders/:id/payments')
  @RequirePermission('finance.write')
  @Idempotent()
  @ApiProblems('FINANCE.REFUND_LIMIT', 'FINANCE.ORDER_CANCELLED')
  @ApiOperation({
    operationId: 'recordPayment',
    summary:
      'Record a client payment, a refund (at most what was paid net of refunds, else 409 with the limit) or a supplier payment, at a fixed rate',
  })
  @ApiCreatedResponse({ type: PaymentDto })
  async record(
    @IdParam() id: string,
    @Body() dto: RecordPaymentDto,
    @CurrentActor() actor: Actor,
  ): Promise<PaymentView> {
    const { id: paymentId } = await this.commands.execute(new RecordPaymentCommand(id, dto, actor));
    return this.read(paymentId);
  }

  @Get('orders/:id/balance')
  @RequirePermission('finance.read')
  @ApiOperation({
    operationId: 'getOrderBalance',
    summary: 'Paid, refunded, due, overpayment, supplier cost and payments, realised margin, FX difference',
  })
  @ApiOkResponse({ type: OrderBalanceDto })
  async balance(@IdParam() id: string): Promise<OrderBalanceView> {
    const b = await this.queries.execute(new GetOrderBalanceQuery(id));
    if (!b) throw new NotFoundError('order', id);
    return b;
  }

  @Get('payments')
  @RequirePermission('finance.read')
  @ApiOperation({
    operationId: 'listPayments',
    summary: 'Payment entries by order, type, method, currency, period',
  })
  @ApiOkResponse({ type: PageDtoOf(PaymentDto) })
  list(@Query() q: ListPaymentsQueryDto): Promise<Page<PaymentView>> {
    const { limit: _l, offset: _o, cursor: _c, ...filters } = q;
    return this.queries.execute(new ListPaymentsQuery(filters, pageWindow(q)));
  }

  @Get('payments/:id')
  @RequirePermission('finance.read')
  @ApiOperation({ operationId: 'getPayment', summary: 'One payment entry' })
  @ApiOkResponse({ type: PaymentDto })
  get(@IdParam() id: string): Promise<PaymentView> {
    return this.read(id);
  }

  @Post('payments/:id/cancel')
  @HttpCode(200)
  @RequirePermission('finance.write')
  @Idempotent()
  @ApiProblems('FINANCE.NOT_CANCELLABLE')
  @ApiOperation({
    operationId: 'cancelPayment',
    summary: 'Cancel a payment with a reversal entry (never a delete); answers the cancelled payment',
  })
  @ApiOkResponse({ type: PaymentDto })
  async cancel(
    @IdParam() id: string,
    @Body() dto: CancelPaymentDto,
    @CurrentActor() actor: Actor,
  ): Promise<PaymentView> {
    await this.commands.execute(new CancelPaymentCommand(id, dto.reason ?? null, actor));
    return this.read(id);
  }

  private async read(id: string): Promise<PaymentView> {
    const p = await this.queries.execute(new GetPaymentQuery(id));
    if (!p) throw new NotFoundError('payment', id);
    return p;
  }
}
