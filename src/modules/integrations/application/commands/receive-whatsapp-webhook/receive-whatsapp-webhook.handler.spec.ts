import { createHmac } from 'node:crypto';
import type { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { DomainError } from '../../../../../shared/domain/domain-error';
import type { InboundMessage } from '../../inbound/inbound-message.port';
import type { InboundMessageStore } from '../../ports/inbound-message.store.port';
import type { WebhookIntegrations } from '../../ports/webhook-integrations.port';
import type { WhatsAppStatuses } from '../../ports/whatsapp-statuses.port';
import { ReceiveWhatsAppWebhookCommand } from './receive-whatsapp-webhook.command';
import { ReceiveWhatsAppWebhookHandler } from './receive-whatsapp-webhook.handler';

const SECRET = 'app-secret-123456';
const ID = '01a23449-0000-7000-8000-000000000001';

/** The webhook's write path through its ports: one statement per kind of content, a transaction only for both. */
describe('ReceiveWhatsAppWebhookHandler', () => {
  const calls: string[] = [];
  const received: InboundMessage[][] = [];
  const uow = {
    run: async <T>(work: () => Promise<T>) => {
      calls.push('begin');
      const r = await work();
      calls.push('commit');
      return r;
    },
  } as unknown as UnitOfWork;
  const store = {
    receiveMany: async (messages: InboundMessage[]) => {
      // the real store returns 0 for an empty batch without a statement
      if (messages.length > 0) calls.push('insert messages');
      received.push(messages);
      return messages.length;
    },
  } as unknown as InboundMessageStore;
  const statuses = {
    record: async () => void calls.push('insert statuses'),
  } as unknown as WhatsAppStatuses;
  let active = true;
  const integrations: WebhookIntegrations = {
    get: async (id) =>
      id === ID
        ? { id, type: 'whatsapp', purpose: 'sales', isActive: active, webhookSecret: 'x', appSecret: SECRET }
        : null,
  };
  const handler = new ReceiveWhatsAppWebhookHandler(uow, integrations, store, statuses);

  const delivery = (value: Record<string, unknown>) => {
    const raw = Buffer.from(JSON.stringify({ entry: [{ changes: [{ value }] }] }));
    return { raw, signature: `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}` };
  };
  const message = {
    id: 'wamid.1',
    from: '79161234567',
    timestamp: '1764000000',
    type: 'text',
    text: { body: 'Привет' },
  };
  const status = {
    id: 'wamid.OUT',
    status: 'delivered',
    timestamp: '1764000001',
    recipient_id: '79161234567',
  };

  beforeEach(() => {
    calls.length = 0;
    received.length = 0;
    active = true;
  });

  it('stores a delivery of messages in one statement, without a transaction', async () => {
    const { raw, signature } = delivery({ messages: [message, { ...message, id: 'wamid.2' }] });
    expect(await handler.execute(new ReceiveWhatsAppWebhookCommand(ID, signature, raw))).toEqual({
      messages: 2,
      statuses: 0,
    });
    expect(calls).toEqual(['insert messages']);
    expect(received[0].map((m) => [m.providerMessageId, m.threadKey, m.text])).toEqual([
      ['wamid.1', '79161234567', 'Привет'],
      ['wamid.2', '79161234567', 'Привет'],
    ]);
  });

  it('records messages and statuses of one delivery in one transaction, statuses alone in one statement', async () => {
    const both = delivery({ messages: [message], statuses: [status] });
    await handler.execute(new ReceiveWhatsAppWebhookCommand(ID, both.signature, both.raw));
    expect(calls).toEqual(['begin', 'insert messages', 'insert statuses', 'commit']);

    calls.length = 0;
    const only = delivery({ statuses: [status] });
    expect(await handler.execute(new ReceiveWhatsAppWebhookCommand(ID, only.signature, only.raw))).toEqual({
      messages: 0,
      statuses: 1,
    });
    expect(calls).toEqual(['insert statuses']);
  });

  it('refuses a wrong signature or an unknown number alike, and acknowledges a stopped number without storing', async () => {
    const { raw, signature } = delivery({ messages: [message] });
    await expect(
      handler.execute(new ReceiveWhatsAppWebhookCommand(ID, 'sha256=00', raw)),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      handler.execute(
        new ReceiveWhatsAppWebhookCommand('01a23449-0000-7000-8000-000000000002', signature, raw),
      ),
    ).rejects.toBeInstanceOf(DomainError);
    active = false;
    expect(await handler.execute(new ReceiveWhatsAppWebhookCommand(ID, signature, raw))).toEqual({
      messages: 0,
      statuses: 0,
    });
    expect(calls).toEqual([]);
  });
});
