import { Module } from '@nestjs/common';
import { ConsentsController } from './api/consents.controller';
import { CrossBorderController } from './api/cross-border.controller';
import { RecordTransferHandler } from './application/commands/record-transfer/record-transfer.handler';
import { SetCountryHandler } from './application/commands/set-country/set-country.handler';
import { CROSS_BORDER_STORE } from './application/ports/cross-border-store.port';
import { CrossBorderWarningsHandler } from './application/queries/cross-border-warnings/cross-border-warnings.handler';
import { ListCountriesHandler } from './application/queries/list-countries/list-countries.handler';
import { ListTransfersHandler } from './application/queries/list-transfers/list-transfers.handler';
import { SqlCrossBorderStore } from './infrastructure/sql-cross-border.store';
import { PersonalDataController } from './api/personal-data.controller';
import { IncidentsController } from './api/incidents.controller';
import { RequestsController } from './api/requests.controller';
import { RecordIncidentNoticeHandler } from './application/commands/record-incident-notice/record-incident-notice.handler';
import { RegisterIncidentHandler } from './application/commands/register-incident/register-incident.handler';
import { ListIncidentsHandler } from './application/queries/list-incidents/list-incidents.handler';
import { IncidentNotice } from './application/services/incident-notice';
import { CloseRequestHandler } from './application/commands/close-request/close-request.handler';
import { ExtendRequestHandler } from './application/commands/extend-request/extend-request.handler';
import { RegisterRequestHandler } from './application/commands/register-request/register-request.handler';
import { RunPrivacyJobsHandler } from './application/commands/run-privacy-jobs/run-privacy-jobs.handler';
import { SetCalendarDayHandler } from './application/commands/set-calendar-day/set-calendar-day.handler';
import { ListCalendarHandler } from './application/queries/list-calendar/list-calendar.handler';
import { ListRequestsHandler } from './application/queries/list-requests/list-requests.handler';
import { CalendarReader } from './application/services/calendar';
import { PrivacyJobsScheduler } from './application/services/privacy-jobs.scheduler';
import { AddConsentTextHandler } from './application/commands/add-consent-text/add-consent-text.handler';
import { DestroyClientDataHandler } from './application/commands/destroy-client-data/destroy-client-data.handler';
import { RecordConsentHandler } from './application/commands/record-consent/record-consent.handler';
import { WithdrawConsentHandler } from './application/commands/withdraw-consent/withdraw-consent.handler';
import { ConsentIntakeSubscriber } from './application/events/consent-intake.subscriber';
import { EVENT_LOG } from './application/ports/event-log.port';
import { PRIVACY_STORE } from './application/ports/privacy-store.port';
import { ExportPersonalDataHandler } from './application/queries/export-personal-data/export-personal-data.handler';
import { GetActiveConsentTextHandler } from './application/queries/get-active-consent-text/get-active-consent-text.handler';
import { ListConsentTextsHandler } from './application/queries/list-consent-texts/list-consent-texts.handler';
import { ListConsentsHandler } from './application/queries/list-consents/list-consents.handler';
import { SubjectDealings } from './application/services/subject-dealings';
import { OutboxEventLog } from './infrastructure/outbox-event-log';
import { SqlPrivacyStore } from './infrastructure/sql-privacy.store';

/**
 * Personal data under 152-FZ: the consent register, withdrawal, subject access export, destruction
 * with an act, subject requests on a production calendar, cross-border transfers with the country list. Reaches clients, applications, orders,
 * finance and documents only through their commands, queries, events and the eraser contract.
 */
@Module({
  controllers: [
    ConsentsController,
    PersonalDataController,
    RequestsController,
    IncidentsController,
    CrossBorderController,
  ],
  providers: [
    { provide: PRIVACY_STORE, useClass: SqlPrivacyStore },
    { provide: EVENT_LOG, useClass: OutboxEventLog },
    { provide: CROSS_BORDER_STORE, useClass: SqlCrossBorderStore },
    RecordTransferHandler,
    SetCountryHandler,
    ListTransfersHandler,
    ListCountriesHandler,
    CrossBorderWarningsHandler,
    SubjectDealings,
    CalendarReader,
    IncidentNotice,
    RegisterIncidentHandler,
    RecordIncidentNoticeHandler,
    ListIncidentsHandler,
    PrivacyJobsScheduler,
    RegisterRequestHandler,
    ExtendRequestHandler,
    CloseRequestHandler,
    SetCalendarDayHandler,
    RunPrivacyJobsHandler,
    ListRequestsHandler,
    ListCalendarHandler,
    AddConsentTextHandler,
    RecordConsentHandler,
    WithdrawConsentHandler,
    DestroyClientDataHandler,
    ListConsentTextsHandler,
    ListConsentsHandler,
    GetActiveConsentTextHandler,
    ExportPersonalDataHandler,
    ConsentIntakeSubscriber,
  ],
})
export class PrivacyModule {}
