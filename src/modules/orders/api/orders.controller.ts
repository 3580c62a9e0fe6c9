import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../../shared/auth/decorators';
import type { Actor } from '../../../shared/domain/actor';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { extend } from '../../../shared/domain/extend';
import { headerOf, type HttpRequest, type HttpReply as Response } from '../../../shared/http/http-types';
import { etagMatches, weakEtag } from '../../../shared/http/etag.interceptor';
import { ApiIfMatch, expectedVersion } from '../../../shared/http/expected-version';
import { IdParam, parseId } from '../../../shared/http/id-param';
import { PageDtoOf } from '../../../shared/http/page-dto';
import { Idempotent } from '../../../shared/idempotency/idempotent.decorator';
import { type Page, pageWindow, wholePage } from '../../../shared/pagination/page';
import { AddServiceCommand } from '../application/commands/add-service/add-service.command';
import { ChangeOrderStatusCommand } from '../application/commands/change-order-status/change-order-status.command';
import { CreateOrderCommand } from '../application/commands/create-order/create-order.command';
import { DeleteOrderCommand } from '../application/commands/delete-order/delete-order.command';
import { RecalculateOrderTotalsCommand } from '../application/commands/recalculate-order-totals/recalculate-order-totals.command';
import { RemoveServiceCommand } from '../application/commands/remove-service/remove-service.command';
import type { ServiceChangeOutcome } from '../application/commands/service-change.result';
import { UpdateOrderCommand } from '../application/commands/update-order/update-order.command';
import { UpdateServiceCommand } from '../application/commands/update-service/update-service.command';
import type { OrderListItemView, OrderView, ServiceView } from '../application/order.view';
import { GetOrderConflictsQuery } from '../application/queries/get-order-conflicts/get-order-conflicts.query';
import { GetOrderServicesQuery } from '../application/queries/get-order-services/get-order-services.query';
import { GetOrderQuery } from '../application/queries/get-order/get-order.query';
import { GetOrderJsonQuery } from '../application/queries/get-order-json/get-order-json.query';
import { ListOrdersQuery } from '../application/queries/list-orders/list-orders.query';
import type { Conflict } from '../domain/conflicts.policy';
import { AGENCY_CURRENCY } from '../domain/agency-currency';
import {
  AddServiceDto,
  ChangeOrderStatusDto,
  ConflictDto,
  CreateOrderDto,
  ListOrdersQueryDto,
  OrderDto,
  OrderListItemDto,
  OrderVersionQueryDto,
  ServiceChangeResultDto,
  ServiceDto,
  ServiceRemovedDto,
  UpdateOrderDto,
  UpdateServiceDto,
} from './order.dto';
import { ApiProblems } from '../../../shared/http/api-problems';

type ServiceChangeResponse = ServiceView & {
  conflicts: Conflict[];
  orderVersion: number;
  totalAmount: string;
  commissionTotal: string;
};

function serviceResponse(o: ServiceChangeOutcome): ServiceChangeResponse {
  return extend(o.service!, {
    conflicts: o.conflicts,
    orderVersion: o.orderVersion,
    totalAmount: o.totals.totalAmount,
    commissionTotal: o.totals.commission,
  });
}

function optionalVersion(v: number | undefined, ifMatch: string | undefined): number | undefined {
  return v === undefined && ifMatch === undefined ? undefined : expectedVersion(v, ifMatch);
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('orders.read')
  @ApiOperation({
    operationId: 'listOrders',
    summary:
      'List orders: by status, payer, manager, traveller, service dates, deadline; search by number or payer name',
  })
  @ApiOkResponse({ type: PageDtoOf(OrderListItemDto) })
  list(@Query() q: ListOrdersQueryDto): Promise<Page<OrderListItemView>> {
    const { limit: _l, offset: _o, cursor: _c, ...filters } = q;
    return this.queries.execute(new ListOrdersQuery(filters, pageWindow(q)));
  }

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
    const { id } = await this.commands.execute(
      new CreateOrderCommand({ ...dto, currency: dto.currency ?? AGENCY_CURRENCY }, actor),
    );
    return this.read(id);
  }

  @Get(':id')
  @RequirePermission('orders.read')
  @ApiOperation({
    operationId: 'getOrder',
    summary: 'One order with its services, current conflicts and totals',
  })
  @ApiParam({ name: 'id', type: String })
  @ApiOkResponse({ type: OrderDto })
  async get(@Req() req: HttpRequest, @Res() res: Response): Promise<void> {
    // the hot read: the id and If-None-Match come from the request itself, not as parameters Nest
    // would run through the global pipes (a fifth of the promises of a GET, issue 18)
    const id = parseId('id', (req.params as { id?: unknown }).id);
    // the body comes ready to send (services rendered by PostgreSQL), sent as is;
    // `Cache-Control`/`Vary` come from the etag hook, 304 when `If-None-Match` holds this version
    const order = await this.queries.execute(new GetOrderJsonQuery(id));
    if (!order) throw new NotFoundError('order', id);
    const etag = weakEtag(order.version);
    res.header('ETag', etag);
    if (etagMatches(headerOf(req, 'if-none-match'), etag)) {
      void res.code(304).send();
      return;
    }
    void res.type('application/json; charset=utf-8').send(order.json);
  }

  @Patch(':id')
  @RequirePermission('orders.write')
  @ApiIfMatch()
  @ApiProblems('ORDERS.LOCKED', 'ORDERS.CURRENCY_LOCKED')
  @ApiOperation({
    operationId: 'updateOrder',
    summary: 'Change payer, travellers, deadline, note, manager (currency only while there are no services)',
  })
  @ApiOkResponse({ type: OrderDto })
  async update(
    @IdParam() id: string,
    @Body() dto: UpdateOrderDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<OrderView> {
    const { version, ...changes } = dto;
    await this.commands.execute(
      new UpdateOrderCommand(id, expectedVersion(version, ifMatch), changes, actor),
    );
    return this.read(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('orders.write')
  @ApiIfMatch()
  @ApiProblems('ORDERS.NOT_DELETABLE')
  @ApiOperation({
    operationId: 'deleteOrder',
    summary: 'Delete a draft order (soft); 409 in any other status',
  })
  @ApiNoContentResponse()
  async remove(
    @IdParam() id: string,
    @Query() q: OrderVersionQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.commands.execute(new DeleteOrderCommand(id, optionalVersion(q.version, ifMatch), actor));
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePermission('orders.write')
  @Idempotent()
  @ApiProblems('ORDERS.INVALID_TRANSITION')
  @ApiOperation({
    operationId: 'changeOrderStatus',
    summary:
      'draft → confirmed → in_progress → completed; any but completed → cancelled (reason required). 409 lists the allowed ones',
  })
  @ApiOkResponse({ type: OrderDto })
  async changeStatus(
    @IdParam() id: string,
    @Body() dto: ChangeOrderStatusDto,
    @CurrentActor() actor: Actor,
  ): Promise<OrderView> {
    await this.commands.execute(
      new ChangeOrderStatusCommand(id, dto.status, dto.reason ?? null, dto.version, actor),
    );
    return this.read(id);
  }

  @Post(':id/recalculate')
  @HttpCode(200)
  @RequirePermission('orders.write')
  @Idempotent()
  @ApiProblems('ORDERS.LOCKED', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'recalculateOrderTotals',
    summary: 'Recompute the totals from the services (a no-op when they already agree)',
  })
  @ApiOkResponse({ type: OrderDto })
  async recalculate(@IdParam() id: string, @CurrentActor() actor: Actor): Promise<OrderView> {
    await this.commands.execute(new RecalculateOrderTotalsCommand(id, actor));
    return this.read(id);
  }

  @Get(':id/services')
  @RequirePermission('orders.read')
  @ApiOperation({ operationId: 'listOrderServices', summary: 'The services of an order in itinerary order' })
  @ApiOkResponse({ type: PageDtoOf(ServiceDto) })
  async services(@IdParam() id: string): Promise<Page<ServiceView>> {
    const items = await this.queries.execute(new GetOrderServicesQuery(id));
    if (!items) throw new NotFoundError('order', id);
    return wholePage(items);
  }

  @Post(':id/services')
  @RequirePermission('orders.write')
  @Idempotent()
  @ApiProblems('ORDERS.LOCKED', 'ORDERS.SERVICE_CONFLICT', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'addOrderService',
    summary:
      'Add a service; conflicts[] in the response; a new error conflict is 409 unless force (orders.force, audited)',
  })
  @ApiCreatedResponse({ type: ServiceChangeResultDto })
  async addService(
    @IdParam() id: string,
    @Body() dto: AddServiceDto,
    @CurrentActor() actor: Actor,
  ): Promise<ServiceChangeResponse> {
    const { version, force, ...input } = dto;
    const outcome = await this.commands.execute(
      new AddServiceCommand(id, input, version, force === true, actor),
    );
    return serviceResponse(outcome);
  }

  @Patch(':id/services/:serviceId')
  @RequirePermission('orders.write')
  @ApiIfMatch()
  @ApiProblems('ORDERS.LOCKED', 'ORDERS.SERVICE_CONFLICT', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'updateOrderService',
    summary: "Change a service (the order's version in body or If-Match); same checks as adding",
  })
  @ApiOkResponse({ type: ServiceChangeResultDto })
  async updateService(
    @IdParam() id: string,
    @IdParam('serviceId') serviceId: string,
    @Body() dto: UpdateServiceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ServiceChangeResponse> {
    const { version, force, ...changes } = dto;
    const outcome = await this.commands.execute(
      new UpdateServiceCommand(
        id,
        serviceId,
        changes,
        expectedVersion(version, ifMatch),
        force === true,
        actor,
      ),
    );
    return serviceResponse(outcome);
  }

  @Delete(':id/services/:serviceId')
  @RequirePermission('orders.write')
  @ApiIfMatch()
  @ApiProblems('ORDERS.LOCKED', 'ORDERS.SERVICE_CONFLICT', 'COMMON.VERSION_CONFLICT')
  @ApiOperation({
    operationId: 'removeOrderService',
    summary: 'Remove a service; totals and conflicts recalculated',
  })
  @ApiOkResponse({ type: ServiceRemovedDto })
  async removeService(
    @IdParam() id: string,
    @IdParam('serviceId') serviceId: string,
    @Query() q: OrderVersionQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ServiceRemovedDto> {
    const o = await this.commands.execute(
      new RemoveServiceCommand(id, serviceId, optionalVersion(q.version, ifMatch), actor),
    );
    return {
      conflicts: o.conflicts,
      orderVersion: o.orderVersion,
      totalAmount: o.totals.totalAmount,
      commissionTotal: o.totals.commission,
    };
  }

  @Get(':id/conflicts')
  @RequirePermission('orders.read')
  @ApiOperation({ operationId: 'listOrderConflicts', summary: 'Current itinerary conflicts of an order' })
  @ApiOkResponse({ type: PageDtoOf(ConflictDto) })
  async conflicts(@IdParam() id: string): Promise<Page<Conflict>> {
    const items = await this.queries.execute(new GetOrderConflictsQuery(id));
    if (!items) throw new NotFoundError('order', id);
    return wholePage(items);
  }

  private async read(id: string): Promise<OrderView> {
    const order = await this.queries.execute(new GetOrderQuery(id));
    if (!order) throw new NotFoundError('order', id);
    return order;
  }
}
