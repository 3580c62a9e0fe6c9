import { ALL_UPCASTERS } from '../../src/event-contracts';
import type { ApplicationCreatedV1 } from '../../src/modules/applications/contracts/applications.events';
import type { ClientCreatedV1 } from '../../src/modules/clients/contracts/clients.events';
import type { DocumentOutdatedV1 } from '../../src/modules/documents/contracts/documents.events';
import type {
  PaymentCancelledV1,
  PaymentRecordedV1,
} from '../../src/modules/finance/contracts/finance.events';
import type {
  TelegramConsentGivenV1,
  TelegramConsentWithdrawnV1,
} from '../../src/modules/integrations/contracts/integrations.events';
import type {
  OrderCreatedV1,
  OrderServiceChangedV1,
  OrderStatusChangedV1,
  OrderTotalsRecalculatedV1,
} from '../../src/modules/orders/contracts/orders.events';
import type {
  ConsentWithdrawnV1,
  IncidentNoticeDueV1,
  RequestDueSoonV1,
} from '../../src/modules/privacy/contracts/privacy.events';
import { payloadVersion, upcastPayload } from '../../src/shared/domain/event-contract';

/**
 * Payloads as the outbox holds them today (stored before contracts were versioned: no `v`), one
 * per event another module reads. Each must still read as its current contract after upcasting;
 * `satisfies` pins the shape at compile time, so renaming a contract field breaks this spec.
 */
const diff = { status: { from: null, to: 'draft' } };
const facts = null;
const STORED = {
  'orders.created': { number: '2026-000001', diff, applicationId: null } satisfies Omit<
    OrderCreatedV1,
    'v' | 'facts'
  >,
  'orders.status-changed': {
    number: '2026-000001',
    from: 'draft',
    to: 'confirmed',
    reason: null,
    diff,
  } satisfies Omit<OrderStatusChangedV1, 'v' | 'facts'>,
  'orders.service-added': {
    number: '2026-000001',
    serviceId: '01934f5e-0000-7000-8000-00000000000a',
    serviceType: 'flight',
    diff,
    forced: false,
    subject: { entity: 'service', id: '01934f5e-0000-7000-8000-00000000000a' },
  } satisfies Omit<OrderServiceChangedV1, 'v' | 'facts' | 'service'>,
  'orders.totals-recalculated': {
    number: '2026-000001',
    currency: 'RUB',
    from: { totalAmount: '0.00', commission: '0.00', supplierCost: '0.00', margin: '0.00' },
    to: { totalAmount: '10.00', commission: '1.00', supplierCost: '9.00', margin: '1.00' },
    diff,
  } satisfies Omit<OrderTotalsRecalculatedV1, 'v' | 'facts'>,
  'finance.payment-recorded': {
    orderId: '01934f5e-0000-7000-8000-000000000002',
    orderNumber: '2026-000001',
    type: 'payment',
    amount: '100.00',
    currency: 'RUB',
    rate: '1',
    rateSource: 'same-currency',
    orderCurrency: 'RUB',
    amountInOrderCurrency: '100.00',
    method: 'cash',
    paidAt: '2026-11-29T10:00:00.000Z',
    diff,
  } satisfies Omit<PaymentRecordedV1, 'v'>,
  'finance.payment-cancelled': {
    orderId: '01934f5e-0000-7000-8000-000000000002',
    orderNumber: '2026-000001',
    type: 'payment',
    amount: '100.00',
    currency: 'RUB',
    rate: '1',
    rateSource: 'same-currency',
    orderCurrency: 'RUB',
    amountInOrderCurrency: '100.00',
    method: 'cash',
    paidAt: '2026-11-29T10:00:00.000Z',
    diff,
    reversalId: '01934f5e-0000-7000-8000-000000000003',
    reason: null,
  } satisfies Omit<PaymentCancelledV1, 'v'>,
  'documents.outdated': {
    type: 'contract',
    number: 'Д-2026-000001',
    orderId: '01934f5e-0000-7000-8000-000000000002',
    cause: 'orders.service-added',
    causeEventId: '01934f5e-0000-7000-8000-000000000004',
    diff: {},
  } satisfies Omit<DocumentOutdatedV1, 'v'>,
  'applications.created': { source: 'telegram', clientId: null, number: 'З-1', diff } satisfies Omit<
    ApplicationCreatedV1,
    'v'
  >,
  'clients.created': { fullName: 'Клиент №1', diff, source: 'manual' } satisfies Omit<ClientCreatedV1, 'v'>,
  'integrations.telegram-consent-given': {
    integrationId: 'i1',
    chatId: 42,
    textVersion: '1',
    givenAt: '2026-11-29T10:00:00.000Z',
  } satisfies Omit<TelegramConsentGivenV1, 'v'>,
  'integrations.telegram-consent-withdrawn': {
    integrationId: 'i1',
    chatId: 42,
    applicationId: null,
  } satisfies Omit<TelegramConsentWithdrawnV1, 'v'>,
  'privacy.consent-withdrawn': {
    subjectKind: 'telegram_chat',
    subjectId: 'i1:42',
    clientId: null,
    purpose: 'marketing',
    channel: 'telegram',
    destroyAfter: null,
  } satisfies Omit<ConsentWithdrawnV1, 'v'>,
  'privacy.request-due-soon': { dueOn: '2026-12-01', kind: 'access', notice: 'Срок…' } satisfies Omit<
    RequestDueSoonV1,
    'v'
  >,
  'privacy.incident-notice-due': { stage: 'first', notice: 'Инцидент…' } satisfies Omit<
    IncidentNoticeDueV1,
    'v'
  >,
};

describe('event contracts: stored payloads still read after versioning', () => {
  it.each(Object.entries(STORED))(
    '%s (stored without v) upcasts to its v1 contract, keeping every field',
    (name, stored) => {
      // a stored row is JSON: round-trip it as the outbox does
      const row = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
      expect(payloadVersion(row)).toBe(0);
      const current = upcastPayload(name, row, ALL_UPCASTERS);
      expect(current).toMatchObject({ ...row, v: 1 });
      if (name.startsWith('orders.')) expect(current.facts).toBe(facts);
      if (name === 'orders.service-added') expect(current.service).toBeNull();
      // upcasting is idempotent: a v1 payload is left as it is
      expect(upcastPayload(name, current, ALL_UPCASTERS)).toEqual(current);
    },
  );

  it('leaves a newer payload alone and refuses an upcaster that skips a version', () => {
    expect(upcastPayload('orders.created', { v: 7, x: 1 }, ALL_UPCASTERS)).toEqual({ v: 7, x: 1 });
    expect(() => upcastPayload('x.y', {}, { 'x.y': [(p) => ({ ...p, v: 2 })] })).toThrow(
      /did not produce v1/,
    );
    // a two-step chain: v0 → v1 → v2
    const table = {
      'x.y': [
        (p: Readonly<Record<string, unknown>>) => ({ ...p, v: 1, a: 1 }),
        (p: Readonly<Record<string, unknown>>) => ({ ...p, v: 2, b: 2 }),
      ],
    };
    expect(upcastPayload('x.y', { c: 3 }, table)).toEqual({ c: 3, a: 1, b: 2, v: 2 });
    expect(upcastPayload('x.y', { v: 1, a: 9 }, table)).toEqual({ v: 2, a: 9, b: 2 });
  });
});
