import { Body, Controller, Get, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { IdParam } from '../../../shared/http/id-param';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { CreateOrderCommand } from '../application/commands/create-order/create-order.command';
import type { OrderView } from '../application/order.view';
import { GetOrderQuery } from '../application/queries/get-order/get-order.query';
import { CreateOrderDto, OrderDto } from './order.dto';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('orders.write')
  @Idempotent()
  @ApiOperation({
    operationId: 'createOrder',
    summary:
      'Create a draft order with the next number of the year (2026-000123); travellers default to the payer',
  })
  @ApiCreatedResponse({ type: OrderDto })
  async create(@Body() dto: CreateOrderDto, @CurrentActor() actor: Actor): Promise<OrderView> {
    const { id } = await this.commands.execute(new CreateOrderCommand(dto, actor));
    return this.read(id);
  }

  @Get(':id')
  @RequirePermission('orders.read')
  @ApiOperation({
    operationId: 'getOrder',
    summary: 'One order with its services, current conflicts and totals',
  })
  @ApiOkResponse({ type: OrderDto })
  get(@IdParam() id: string): Promise<OrderView> {
    return this.read(id);
  }

  private async read(id: string): Promise<OrderView> {
    const order = await this.queries.execute(new GetOrderQuery(id));
    if (!order) throw new NotFoundError('order', id);
    return order;
  }
}
