import { Module } from '@nestjs/common';
import { IntegrationsController } from './api/integrations.controller';
import { TelegramWebhookController } from './api/telegram-webhook.controller';
import { AddIntegrationHandler } from './application/commands/add-integration/add-integration.handler';
import { CreateTelegramLinkHandler } from './application/commands/create-telegram-link/create-telegram-link.handler';
import { HandleTelegramUpdateHandler } from './application/commands/handle-telegram-update/handle-telegram-update.handler';
import { ReplaceIntegrationTokenHandler } from './application/commands/replace-integration-token/replace-integration-token.handler';
import { NotifyDeadlinesHandler } from './application/commands/notify-deadlines/notify-deadlines.handler';
import { ReceiveTelegramUpdateHandler } from './application/commands/receive-telegram-update/receive-telegram-update.handler';
import {
  RecordIntegrationFailureHandler,
  SetIntegrationActiveHandler,
} from './application/commands/set-integration-active/set-integration-active.handler';
import { TelegramNotificationsSubscriber } from './application/events/telegram-notifications.subscriber';
import { BOT_GATEWAY } from './application/ports/bot-gateway.port';
import { ListIntegrationsHandler } from './application/queries/list-integrations/list-integrations.handler';
import { AdminPasswordCheck } from './application/services/admin-password-check';
import { IntegrationSecretsCodec } from './application/services/integration-secrets';
import { LinkCodes } from './application/services/link-codes';
import { SalesBot } from './application/services/sales-bot';
import { StaffBots } from './application/services/staff-bots';
import { TelegramSignals } from './application/services/telegram-signals';
import { TelegramStore } from './application/services/telegram-store';
import { TelegramConsentWithdrawnSubscriber } from './application/events/consent-withdrawn.subscriber';
import { TelegramPersonalDataEraser } from './application/services/telegram-personal-data.eraser';
import { INTEGRATION_REPOSITORY } from './domain/integration.repository.port';
import { SqlIntegrationRepository } from './infrastructure/sql-integration.repository';
import { TelegrafBotGateway } from './infrastructure/telegraf-bot.gateway';
import { TelegramDispatcherModule, TelegramUpdatesModule } from './infrastructure/telegram-dispatcher.module';
import { TelegramDeadlinesJob } from './infrastructure/telegram-deadlines.job';
import { TelegramPollingWorker } from './infrastructure/telegram-polling.worker';
import { TelegramOutgoingWorker } from './infrastructure/telegram-outgoing.worker';
import { TelegramUpdateWorker } from './infrastructure/telegram-update.worker';

@Module({
  imports: [TelegramDispatcherModule, TelegramUpdatesModule],
  controllers: [IntegrationsController, TelegramWebhookController],
  providers: [
    IntegrationSecretsCodec,
    TelegramPersonalDataEraser,
    TelegramConsentWithdrawnSubscriber,
    { provide: INTEGRATION_REPOSITORY, useClass: SqlIntegrationRepository },
    { provide: BOT_GATEWAY, useClass: TelegrafBotGateway },
    TelegramSignals,
    TelegramStore,
    LinkCodes,
    SalesBot,
    StaffBots,
    AdminPasswordCheck,
    AddIntegrationHandler,
    ReplaceIntegrationTokenHandler,
    SetIntegrationActiveHandler,
    RecordIntegrationFailureHandler,
    ReceiveTelegramUpdateHandler,
    HandleTelegramUpdateHandler,
    CreateTelegramLinkHandler,
    ListIntegrationsHandler,
    TelegramNotificationsSubscriber,
    TelegramUpdateWorker,
    TelegramOutgoingWorker,
    TelegramDeadlinesJob,
    TelegramPollingWorker,
    NotifyDeadlinesHandler,
  ],
})
export class IntegrationsModule {}
