import { type DynamicModule, type ForwardReference, Global, Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type * as winston from 'winston';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ApplicationsModule } from './modules/applications/applications.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { BackupModule } from './modules/backup/backup.module';
import { ClientsModule } from './modules/clients/clients.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { FinanceModule } from './modules/finance/finance.module';
import { HealthModule } from './modules/health/health.module';
import { OrdersModule } from './modules/orders/orders.module';
import { TimelineModule } from './modules/timeline/timeline.module';
import { PrivacyModule } from './modules/privacy/privacy.module';
import { UsersModule } from './modules/users/users.module';
import { ENTITIES } from './app.entities';
import { EventContractsModule } from './event-contracts';
import { DatabaseModule } from './shared/database/database.module';
import { AppMetrics } from './shared/http/metrics';
import { SharedModule, WINSTON_LOGGER } from './shared/shared.module';
import { StorageModule } from './shared/storage/storage.module';

@Global()
@Module({})
class RuntimeModule {
  static forRoot(logger: winston.Logger, metrics: AppMetrics): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: WINSTON_LOGGER, useValue: logger },
        { provide: AppMetrics, useValue: metrics },
      ],
      exports: [WINSTON_LOGGER, AppMetrics],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    logger: winston.Logger,
    metrics: AppMetrics,
    extra: Array<Type | DynamicModule | ForwardReference> = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        RuntimeModule.forRoot(logger, metrics),
        DatabaseModule.forRoot(ENTITIES),
        EventContractsModule,
        CqrsModule.forRoot(),
        SharedModule,
        StorageModule,
        HealthModule,
        UsersModule,
        AuthModule,
        AuditModule,
        ClientsModule,
        ApplicationsModule,
        OrdersModule,
        TimelineModule,
        DocumentsModule,
        IntegrationsModule,
        FinanceModule,
        BackupModule,
        PrivacyModule,
        ...extra,
      ],
    };
  }
}
