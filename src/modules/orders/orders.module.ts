import { Module } from '@nestjs/common';
import { OrdersController } from './api/orders.controller';
import { AddServiceHandler } from './application/commands/add-service/add-service.handler';
import { ChangeOrderStatusHandler } from './application/commands/change-order-status/change-order-status.handler';
import { CreateOrderHandler } from './application/commands/create-order/create-order.handler';
import { DeleteOrderHandler } from './application/commands/delete-order/delete-order.handler';
import { RecalculateOrderTotalsHandler } from './application/commands/recalculate-order-totals/recalculate-order-totals.handler';
import { RemoveServiceHandler } from './application/commands/remove-service/remove-service.handler';
import { SetServiceConfirmationHandler } from './application/commands/set-service-confirmation/set-service-confirmation.handler';
import { UpdateOrderHandler } from './application/commands/update-order/update-order.handler';
import { UpdateServiceHandler } from './application/commands/update-service/update-service.handler';
import { GetOrderConflictsHandler } from './application/queries/get-order-conflicts/get-order-conflicts.handler';
import { GetOrderServicesHandler } from './application/queries/get-order-services/get-order-services.handler';
import { GetOrderHandler } from './application/queries/get-order/get-order.handler';
import { GetOrderJsonHandler } from './application/queries/get-order-json/get-order-json.handler';
import { CrossBorderConflicts } from './application/services/cross-border-conflicts';
import { GetServiceNoticeHandler } from './application/queries/get-service-notice/get-service-notice.handler';
import { ListOrdersDueHandler } from './application/queries/list-orders-due/list-orders-due.handler';
import { ListSupplierServicesHandler } from './application/queries/list-supplier-services/list-supplier-services.handler';
import { ListOrdersHandler } from './application/queries/list-orders/list-orders.handler';
import { ClientDirectory } from './application/services/client-directory';
import { ServiceRates } from './application/services/service-rates';
import { StaffDirectory } from './application/services/staff-directory';
import { OrderWorkflow } from './application/services/order-workflow';
import { OrdersPersonalDataEraser } from './infrastructure/persistence/orders-personal-data.eraser';
import { OrdersClientReferenceMover } from './application/services/orders-client-reference-mover';
import { ORDER_REPOSITORY } from './domain/order.repository.port';
import { SqlOrderRepository } from './infrastructure/persistence/sql-order.repository';
import { ORDER_JSON_READER } from './application/queries/get-order-json/order-json.reader.port';
import { SqlOrderJsonReader } from './infrastructure/persistence/sql-order-json.reader';

@Module({
  controllers: [OrdersController],
  providers: [
    ClientDirectory,
    StaffDirectory,
    ServiceRates,
    OrderWorkflow,
    { provide: ORDER_REPOSITORY, useClass: SqlOrderRepository },
    { provide: ORDER_JSON_READER, useClass: SqlOrderJsonReader },
    CreateOrderHandler,
    UpdateOrderHandler,
    ChangeOrderStatusHandler,
    AddServiceHandler,
    UpdateServiceHandler,
    RemoveServiceHandler,
    RecalculateOrderTotalsHandler,
    DeleteOrderHandler,
    GetOrderHandler,
    GetOrderJsonHandler,
    CrossBorderConflicts,
    ListOrdersHandler,
    GetOrderServicesHandler,
    GetOrderConflictsHandler,
    ListSupplierServicesHandler,
    OrdersClientReferenceMover,
    OrdersPersonalDataEraser,
    SetServiceConfirmationHandler,
    GetServiceNoticeHandler,
    ListOrdersDueHandler,
  ],
})
export class OrdersModule {}
