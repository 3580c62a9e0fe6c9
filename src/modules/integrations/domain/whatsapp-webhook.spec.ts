import { createHmac } from 'node:crypto';
import { parseDelivery, verifyHubSignature } from './whatsapp-webhook';

const SECRET = 'app-secret-123456';
const sign = (raw: Buffer | string) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;

describe('verifyHubSignature', () => {
  const raw = Buffer.from('{"text":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442"}');

  it('accepts the HMAC of the exact bytes when the header carries it', () => {
    expect(verifyHubSignature(raw, sign(raw), SECRET)).toBe(true);
  });

  it('refuses a missing, malformed, wrong-secret or re-serialised signature when checked', () => {
    expect(verifyHubSignature(raw, undefined, SECRET)).toBe(false);
    expect(verifyHubSignature(raw, 'md5=abc', SECRET)).toBe(false);
    expect(verifyHubSignature(raw, 'sha256=abc', SECRET)).toBe(false);
    expect(verifyHubSignature(raw, sign(raw), 'other-secret')).toBe(false);
    const reserialised = JSON.stringify(JSON.parse(raw.toString('utf8')));
    expect(verifyHubSignature(raw, sign(reserialised), SECRET)).toBe(false);
  });
});

describe('parseDelivery', () => {
  const value = (v: Record<string, unknown>) => ({ entry: [{ changes: [{ value: v }] }] });

  it('reads text, image, document, contacts and buttons across batched entries when Meta batches them', () => {
    const body = {
      entry: [
        {
          changes: [
            {
              value: {
                contacts: [{ wa_id: '79161234567', profile: { name: 'Ольга' } }],
                messages: [
                  {
                    id: 'w1',
                    from: '79161234567',
                    timestamp: '1764000000',
                    type: 'text',
                    text: { body: 'Привет 👋' },
                  },
                  {
                    id: 'w2',
                    from: '79161234567',
                    type: 'image',
                    image: { id: 'm1', mime_type: 'image/jpeg', sha256: 'abc', caption: 'Фото' },
                    context: { id: 'wamid.OUT1' },
                  },
                ],
              },
            },
          ],
        },
        {
          changes: [
            {
              value: {
                messages: [
                  {
                    id: 'w3',
                    from: '79990000000',
                    type: 'document',
                    document: { id: 'm2', filename: 'виза.pdf' },
                  },
                  {
                    id: 'w4',
                    from: '79990000000',
                    type: 'contacts',
                    contacts: [{ name: { formatted_name: 'Иван' }, phones: [{ phone: '+7 912 000-00-00' }] }],
                  },
                  {
                    id: 'w5',
                    from: '79990000000',
                    type: 'interactive',
                    interactive: {
                      type: 'button_reply',
                      button_reply: { id: 'consent:yes', title: 'Согласен' },
                    },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const d = parseDelivery(body);
    expect(d.messages.map((m) => m.wamid)).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    expect(d.messages[0]).toMatchObject({
      text: 'Привет 👋',
      profileName: 'Ольга',
      sentAt: '2025-11-24T16:00:00.000Z',
    });
    expect(d.messages[1]).toMatchObject({
      text: 'Фото',
      replyTo: 'wamid.OUT1',
      attachments: [{ mediaId: 'm1', mimeType: 'image/jpeg', sha256: 'abc', fileName: 'image-m1.jpg' }],
    });
    expect(d.messages[2].attachments[0].fileName).toBe('виза.pdf');
    expect(d.messages[3].text).toBe('Контакт: Иван, +7 912 000-00-00');
    expect(d.messages[4]).toMatchObject({ buttonId: 'consent:yes', text: 'Согласен' });
  });

  it('gives a readable text for other types and skips messages without an id when they come', () => {
    const d = parseDelivery(
      value({
        messages: [
          {
            id: 'a',
            from: '7',
            type: 'location',
            location: { latitude: 55.75, longitude: 37.62, name: 'Кремль' },
          },
          { id: 'b', from: '7', type: 'audio', audio: { id: 'x' } },
          { id: 'c', from: '7', type: 'sticker' },
          { from: '7', type: 'text', text: { body: 'без id' } },
        ],
      }),
    );
    expect(d.messages.map((m) => m.text)).toEqual([
      'Геопозиция: 55.75, 37.62 (Кремль)',
      '[WhatsApp: голосовое сообщение или аудио]',
      '[WhatsApp: стикер]',
    ]);
  });

  it('reads statuses with their errors when outgoing messages report back', () => {
    const d = parseDelivery(
      value({
        statuses: [
          {
            id: 'o1',
            status: 'failed',
            timestamp: '1764000000',
            errors: [{ code: 131047, title: 'Re-engagement message' }],
          },
          { id: 'o1', status: 'sent', timestamp: 'garbage' },
          { status: 'read' },
        ],
      }),
    );
    expect(d.statuses).toHaveLength(2);
    expect(d.statuses[0]).toMatchObject({
      wamid: 'o1',
      status: 'failed',
      errorCode: 131047,
      errorTitle: 'Re-engagement message',
    });
    expect(Number.isNaN(new Date(d.statuses[1].at).getTime())).toBe(false);
  });

  it('yields nothing for a body that is not a delivery when something else is posted', () => {
    expect(parseDelivery(null)).toEqual({ messages: [], statuses: [] });
    expect(parseDelivery({ entry: 'x' })).toEqual({ messages: [], statuses: [] });
  });
});
