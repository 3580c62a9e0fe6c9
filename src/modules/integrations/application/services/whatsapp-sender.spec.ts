import { Integration } from '../../domain/integration';
import type { InboundMessageStore } from '../ports/inbound-message.store.port';
import type { WhatsAppGateway, WhatsAppOutgoing } from '../ports/whatsapp-gateway.port';
import { SERVICE_WINDOW_MS, templateParameter, WhatsAppSender } from './whatsapp-sender';

const NOW = new Date('2026-12-01T12:00:00Z');

function number(templateName?: string) {
  return Integration.add(
    '018f0000-0000-7000-8000-000000000001',
    {
      type: 'whatsapp',
      purpose: 'sales',
      botName: 'Агентство',
      apiToken: `EAAG${'a'.repeat(40)}`,
      webhookSecret: 'verify-token-1',
      tokenFingerprint: 'abcd',
      appSecret: 'app-secret-1',
      phoneNumberId: '106540352242922',
      settings: templateName ? { templateName, templateLanguage: 'ru' } : {},
    },
    { by: null, now: NOW },
  );
}

function sender(lastCustomerMessageAt: Date | null) {
  const sent: WhatsAppOutgoing[] = [];
  const store = {
    peekConversation: async () =>
      lastCustomerMessageAt === null
        ? null
        : {
            lastCustomerMessageAt,
            applicationId: null,
            lastMessageAt: null,
            consentGivenAt: null,
            consentTextVersion: null,
          },
  } as unknown as InboundMessageStore;
  const gateway = {
    send: async (_p: string, _t: string, _to: string, m: WhatsAppOutgoing) => {
      sent.push(m);
      return 'wamid.X';
    },
  } as unknown as WhatsAppGateway;
  return { s: new WhatsAppSender(store, gateway), sent };
}

describe('WhatsAppSender', () => {
  it('sends free text with reply buttons when the customer wrote within 24 hours', async () => {
    const { s } = sender(new Date(NOW.getTime() - SERVICE_WINDOW_MS + 60_000));
    const out = await s.choose(
      number('tpl'),
      '79161234567',
      {
        text: 'Согласны?',
        buttons: [[{ text: 'Согласен', data: 'consent:yes' }], [{ text: 'Не согласен', data: 'consent:no' }]],
      },
      NOW,
    );
    expect(out).toEqual({
      kind: 'buttons',
      text: 'Согласны?',
      buttons: [
        { id: 'consent:yes', title: 'Согласен' },
        { id: 'consent:no', title: 'Не согласен' },
      ],
    });
  });

  it('sends the approved template with the text as one line when the window has closed', async () => {
    const { s } = sender(new Date(NOW.getTime() - SERVICE_WINDOW_MS - 1));
    const out = await s.choose(
      number('application_received'),
      '79161234567',
      { text: 'Заявка № З-2026-000001\nпринята' },
      NOW,
    );
    expect(out).toEqual({
      kind: 'template',
      name: 'application_received',
      language: 'ru',
      parameters: ['Заявка № З-2026-000001 принята'],
    });
  });

  it('refuses to send when the window has closed and no template is configured', async () => {
    const { s } = sender(null);
    await expect(s.choose(number(), '79161234567', { text: 'Привет' }, NOW)).rejects.toThrow(/template/);
  });

  it('cleans template parameters of newlines and runs of spaces when they are built', () => {
    expect(templateParameter(' a\n\n b\t   c ')).toBe('a b c');
  });
});
