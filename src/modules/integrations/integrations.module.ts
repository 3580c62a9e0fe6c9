import { Module } from '@nestjs/common';
import { IntegrationsRestController } from './api/integrations-rest.controller';
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
import { LinkCodes } from './application/ports/link-codes.port';
import { SalesBot } from './application/services/sales-bot';
import { StaffBots } from './application/services/staff-bots';
import { TelegramSignals } from './application/services/telegram-signals';
import { TelegramStore } from './application/ports/telegram-store.port';
import { TelegramConsentWithdrawnSubscriber } from './application/events/consent-withdrawn.subscriber';
import { TelegramPersonalDataEraser } from './infrastructure/telegram-personal-data.eraser';
import { InboundPersonalDataEraser } from './infrastructure/inbound-personal-data.eraser';
import { WhatsAppStatuses } from './application/ports/whatsapp-statuses.port';
import { SqlInboundMessageStore } from './infrastructure/sql-inbound-message.store';
import { SqlLinkCodes } from './infrastructure/sql-link-codes';
import { SqlTelegramStore } from './infrastructure/sql-telegram.store';
import { SqlWhatsAppStatuses } from './infrastructure/sql-whatsapp-statuses';
import { INTEGRATION_REPOSITORY } from './domain/integration.repository.port';
import { EMAIL_PROVIDERS } from './email/email.providers';
import { SqlIntegrationRepository } from './infrastructure/sql-integration.repository';
import { WebhookIntegrationCache } from './infrastructure/webhook-integration.cache';
import { WEBHOOK_INTEGRATIONS } from './application/ports/webhook-integrations.port';
import { TelegrafBotGateway } from './infrastructure/telegraf-bot.gateway';
import { TelegramDispatcherModule, TelegramUpdatesModule } from './infrastructure/telegram-dispatcher.module';
import { TelegramDeadlinesJob } from './infrastructure/telegram-deadlines.job';
import { TelegramPollingWorker } from './infrastructure/telegram-polling.worker';
import { TelegramOutgoingWorker } from './infrastructure/telegram-outgoing.worker';
import { TelegramUpdateWorker } from './infrastructure/telegram-update.worker';
import { ReceiveInboundMessageHandler } from './application/commands/receive-inbound-message/receive-inbound-message.handler';
import { InboundAdapterRegistry } from './application/inbound/inbound-adapter.registry';
import { InboundIntake } from './application/inbound/inbound-intake';
import { InboundMessageStore } from './application/ports/inbound-message.store.port';
import { InboundSignals } from './application/inbound/inbound-signals';
import { InboundAttachmentWorker } from './infrastructure/inbound-attachment.worker';
import { InboundMessageWorker } from './infrastructure/inbound-message.worker';
import { WhatsAppWebhookController } from './api/whatsapp-webhook.controller';
import { ReceiveWhatsAppWebhookHandler } from './application/commands/receive-whatsapp-webhook/receive-whatsapp-webhook.handler';
import { WHATSAPP_GATEWAY } from './application/ports/whatsapp-gateway.port';
import { WhatsAppHandshakeHandler } from './application/queries/whatsapp-handshake/whatsapp-handshake.handler';
import { WhatsAppIntake } from './application/services/whatsapp-intake';
import { TelegramInbound } from './application/services/telegram-inbound';
import { TelegramUpdateProcessor } from './application/services/telegram-update-processor';
import { WhatsAppSender } from './application/services/whatsapp-sender';
import { GraphApiWhatsAppGateway } from './infrastructure/graph-api.whatsapp-gateway';

@Module({
  imports: [TelegramDispatcherModule, TelegramUpdatesModule],
  controllers: [
    IntegrationsController,
    IntegrationsRestController,
    TelegramWebhookController,
    WhatsAppWebhookController,
  ],
  providers: [
    IntegrationSecretsCodec,
    WebhookIntegrationCache,
    { provide: WEBHOOK_INTEGRATIONS, useExisting: WebhookIntegrationCache },
    TelegramPersonalDataEraser,
    InboundPersonalDataEraser,
    TelegramConsentWithdrawnSubscriber,
    { provide: INTEGRATION_REPOSITORY, useClass: SqlIntegrationRepository },
    { provide: BOT_GATEWAY, useClass: TelegrafBotGateway },
    TelegramSignals,
    { provide: TelegramStore, useClass: SqlTelegramStore },
    { provide: LinkCodes, useClass: SqlLinkCodes },
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
    // the inbound port (every channel's incoming messages)
    InboundSignals,
    InboundAdapterRegistry,
    { provide: InboundMessageStore, useClass: SqlInboundMessageStore },
    { provide: WhatsAppStatuses, useClass: SqlWhatsAppStatuses },
    InboundIntake,
    ReceiveInboundMessageHandler,
    InboundMessageWorker,
    InboundAttachmentWorker,
    // WhatsApp Business Cloud API (an adapter of the inbound port)
    { provide: WHATSAPP_GATEWAY, useClass: GraphApiWhatsAppGateway },
    ReceiveWhatsAppWebhookHandler,
    WhatsAppHandshakeHandler,
    WhatsAppIntake,
    WhatsAppSender,
    // Telegram on the inbound port
    TelegramUpdateProcessor,
    TelegramInbound,
    ...EMAIL_PROVIDERS,
  ],
  exports: [InboundAdapterRegistry, InboundMessageStore, InboundIntake],
})
export class IntegrationsModule {}
