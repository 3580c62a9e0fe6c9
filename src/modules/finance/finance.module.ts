import { Module } from '@nestjs/common';
import { PaymentsController } from './api/payments.controller';
import { RatesController } from './api/rates.controller';
import { ExportsController } from './api/exports.controller';
import { ExportPaymentsHandler } from './application/queries/export-payments/export-payments.handler';
import { ReportsController } from './api/reports.controller';
import { AgentReportHandler } from './application/queries/reports/agent-report.handler';
import { ClientsReportHandler } from './application/queries/reports/clients-report.handler';
import { DebtsReportHandler } from './application/queries/reports/debts-report.handler';
import { ManagersReportHandler } from './application/queries/reports/managers-report.handler';
import { OrdersReportHandler } from './application/queries/reports/orders-report.handler';
import { ClientNames } from './application/services/client-names';
import { StaffNames } from './application/services/staff-names';
import { FetchCbrRatesHandler } from './application/commands/fetch-cbr-rates/fetch-cbr-rates.handler';
import { ImportCbrRatesHandler } from './application/commands/import-cbr-rates/import-cbr-rates.handler';
import { RecordRateHandler } from './application/commands/record-rate/record-rate.handler';
import { GetRateHandler } from './application/queries/get-rate/get-rate.handler';
import { ListRatesHandler } from './application/queries/list-rates/list-rates.handler';
import { CBR_DAILY_SOURCE } from './application/ports/cbr-daily-source.port';
import { HttpCbrDailySource } from './infrastructure/http-cbr-daily.source';
import { CancelPaymentHandler } from './application/commands/cancel-payment/cancel-payment.handler';
import { RecordPaymentHandler } from './application/commands/record-payment/record-payment.handler';
import { FinanceOrdersProjection } from './application/events/finance-orders.projection';
import { GetOrderBalanceHandler } from './application/queries/get-order-balance/get-order-balance.handler';
import { GetPaymentHandler } from './application/queries/get-payment/get-payment.handler';
import { ListPaymentsHandler } from './application/queries/list-payments/list-payments.handler';
import { OrderFactsSync } from './application/services/order-facts';
import { RateBook } from './application/services/rate-book';
import { FINANCE_REPOSITORY } from './domain/finance.repository.port';
import { SqlFinanceRepository } from './infrastructure/sql-finance.repository';
import { RATE_REPOSITORY } from './domain/rate.repository.port';
import { SqlRateRepository } from './infrastructure/sql-rate.repository';

@Module({
  controllers: [PaymentsController, RatesController, ReportsController, ExportsController],
  providers: [
    { provide: FINANCE_REPOSITORY, useClass: SqlFinanceRepository },
    { provide: RATE_REPOSITORY, useClass: SqlRateRepository },
    OrderFactsSync,
    RateBook,
    RecordPaymentHandler,
    CancelPaymentHandler,
    GetPaymentHandler,
    ListPaymentsHandler,
    GetOrderBalanceHandler,
    FinanceOrdersProjection,
    { provide: CBR_DAILY_SOURCE, useClass: HttpCbrDailySource },
    RecordRateHandler,
    ImportCbrRatesHandler,
    FetchCbrRatesHandler,
    ListRatesHandler,
    GetRateHandler,
    ClientNames,
    StaffNames,
    OrdersReportHandler,
    ClientsReportHandler,
    ManagersReportHandler,
    DebtsReportHandler,
    ExportPaymentsHandler,
    AgentReportHandler,
  ],
})
export class FinanceModule {}
