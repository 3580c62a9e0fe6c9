import { Global, Module } from '@nestjs/common';
import { APPLICATION_UPCASTERS } from './modules/applications/contracts/applications.events';
import { AUTH_UPCASTERS } from './modules/auth/contracts/auth.events';
import { CLIENT_UPCASTERS } from './modules/clients/contracts/clients.events';
import { DOCUMENT_UPCASTERS } from './modules/documents/contracts/documents.events';
import { FINANCE_UPCASTERS } from './modules/finance/contracts/finance.events';
import { INTEGRATION_UPCASTERS } from './modules/integrations/contracts/integrations.events';
import { ORDER_UPCASTERS } from './modules/orders/contracts/orders.events';
import { PRIVACY_UPCASTERS } from './modules/privacy/contracts/privacy.events';
import { USER_UPCASTERS } from './modules/users/contracts/users.events';
import { mergeUpcasters, type UpcasterTable } from './shared/domain/event-contract';
import { EVENT_UPCASTERS } from './shared/outbox/outbox.relay';

/**
 * Every module's upcasters in one table (the composition root may import every module's
 * contracts; src/shared may not). The relay and `projections:rebuild` upcast each stored payload
 * with it before a subscriber or a projection reads it.
 */
export const ALL_UPCASTERS: UpcasterTable = mergeUpcasters(
  APPLICATION_UPCASTERS,
  AUTH_UPCASTERS,
  CLIENT_UPCASTERS,
  DOCUMENT_UPCASTERS,
  FINANCE_UPCASTERS,
  INTEGRATION_UPCASTERS,
  ORDER_UPCASTERS,
  PRIVACY_UPCASTERS,
  USER_UPCASTERS,
);

@Global()
@Module({ providers: [{ provide: EVENT_UPCASTERS, useValue: ALL_UPCASTERS }], exports: [EVENT_UPCASTERS] })
export class EventContractsModule {}
