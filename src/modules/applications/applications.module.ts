import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ApplicationsController } from './api/applications.controller';
import { WebIntakeCorsMiddleware } from './api/web-intake-cors.middleware';
import { WebIntakeRateLimitGuard } from './api/web-intake-rate-limit.guard';
import { WebIntakeController } from './api/web-intake.controller';
import { AppendToApplicationHandler } from './application/commands/append-to-application/append-to-application.handler';
import { AttachApplicationFileHandler } from './application/commands/attach-application-file/attach-application-file.handler';
import { ConvertApplicationHandler } from './application/commands/convert-application/convert-application.handler';
import { CreateApplicationHandler } from './application/commands/create-application/create-application.handler';
import { SubmitWebIntakeHandler } from './application/commands/submit-web-intake/submit-web-intake.handler';
import { UpdateApplicationHandler } from './application/commands/update-application/update-application.handler';
import { GetAttachmentLinkHandler } from './application/queries/get-attachment-link/get-attachment-link.handler';
import { GetApplicationHandler } from './application/queries/get-application/get-application.handler';
import { ListUnconvertedApplicationsHandler } from './application/queries/list-unconverted-applications/list-unconverted-applications.handler';
import { ListApplicationsHandler } from './application/queries/list-applications/list-applications.handler';
import { ApplicationPiiCodec } from './application/services/application-pii.codec';
import { ApplicationReferences } from './application/services/application-references';
import { ApplicationsPersonalDataEraser } from './infrastructure/persistence/applications-personal-data.eraser';
import { ApplicationsClientReferenceMover } from './application/services/applications-client-reference.mover';
import { APPLICATION_REPOSITORY } from './domain/application.repository.port';
import { SqlApplicationRepository } from './infrastructure/persistence/sql-application.repository';
import { AttachmentNameBackfill } from './infrastructure/persistence/attachment-name.backfill';

@Module({
  controllers: [ApplicationsController, WebIntakeController],
  providers: [
    ApplicationPiiCodec,
    AttachmentNameBackfill,
    ApplicationReferences,
    { provide: APPLICATION_REPOSITORY, useClass: SqlApplicationRepository },
    CreateApplicationHandler,
    UpdateApplicationHandler,
    ConvertApplicationHandler,
    AppendToApplicationHandler,
    SubmitWebIntakeHandler,
    AttachApplicationFileHandler,
    GetAttachmentLinkHandler,
    GetApplicationHandler,
    ListApplicationsHandler,
    ListUnconvertedApplicationsHandler,
    ApplicationsClientReferenceMover,
    ApplicationsPersonalDataEraser,
    WebIntakeRateLimitGuard,
  ],
})
export class ApplicationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebIntakeCorsMiddleware).forRoutes({ path: 'intake/web', method: RequestMethod.ALL });
  }
}
