import { Module } from '@nestjs/common';
import { OrdersController } from './api/orders.controller';
import { CreateOrderHandler } from './application/commands/create-order/create-order.handler';
import { GetOrderHandler } from './application/queries/get-order/get-order.handler';
import { ClientDirectory } from './application/services/client-directory';
import { ORDER_REPOSITORY } from './domain/order.repository.port';
import { SqlOrderRepository } from './infrastructure/persistence/sql-order.repository';

@Module({
  controllers: [OrdersController],
  providers: [
    ClientDirectory,
    { provide: ORDER_REPOSITORY, useClass: SqlOrderRepository },
    CreateOrderHandler,
    GetOrderHandler,
  ],
})
export class OrdersModule {}
