import type { InboundEmail } from '../domain/inbound-email';
import { type EmailRaw, messageRef, providerMessageId, tokenRef, toInboundMessage } from './email-message';

const now = new Date('2026-12-01T12:00:00Z');
const limits = { maxAttachments: 2, maxAttachmentBytes: 10 };

function mail(over: Partial<InboundEmail> = {}): InboundEmail {
  return {
    messageId: 'a1@example.ru',
    inReplyTo: [],
    references: [],
    fromAddress: 'olga@example.ru',
    fromName: 'Ольга',
    recipients: ['zayavki@agency.ru'],
    subject: 'Сочи',
    text: 'Хотим в июле',
    date: new Date('2026-12-01T09:00:00Z'),
    kind: 'personal',
    attachments: [],
    ...over,
  };
}

describe('toInboundMessage', () => {
  it('keys the message by its Message-ID, case-insensitively, and by its bytes when it has none', () => {
    const src = Buffer.from('raw');
    expect(providerMessageId({ messageId: 'A1@Example.RU' }, src)).toBe(messageRef('a1@example.ru'));
    expect(providerMessageId({ messageId: null }, src)).toMatch(/^raw:[0-9a-f]{64}$/);
  });

  it('threads by In-Reply-To first, then References newest first, then the plus-address token', () => {
    const m = toInboundMessage(
      'int-1',
      mail({
        inReplyTo: ['r1@x.ru'],
        references: ['old@x.ru', 'r1@x.ru', 'new@x.ru'],
        recipients: ['zayavki+abcdefghjk@agency.ru'],
      }),
      Buffer.from('raw'),
      ['zayavki@agency.ru'],
      limits,
      now,
    );
    expect(m.replyTo).toBe(messageRef('r1@x.ru'));
    expect(m.references).toEqual([messageRef('new@x.ru'), messageRef('old@x.ru'), tokenRef('abcdefghjk')]);
    expect(m.threadKey).toBeNull();
    expect(m.channel).toBe('email');
    expect(m.contact).toEqual({ name: 'Ольга', email: 'olga@example.ru' });
    expect(m.text).toBe('Тема: Сочи\n\nХотим в июле');
    expect(m.receivedAt).toBe('2026-12-01T09:00:00.000Z');
  });

  it('keeps files within the limits, skips inline ones and names the rest in the text', () => {
    const file = (name: string, size: number, inline = false) => ({
      fileName: name,
      content: Buffer.alloc(size, 1),
      inline,
    });
    const m = toInboundMessage(
      'int-1',
      mail({
        attachments: [
          file('logo.png', 3, true),
          file('a.pdf', 5),
          file('big.pdf', 11),
          file('b.pdf', 5),
          file('c.pdf', 5),
        ],
      }),
      Buffer.from('raw source'),
      [],
      limits,
      now,
    );
    expect(m.attachments.map((a) => [a.ref, a.fileName])).toEqual([
      ['part:1', 'a.pdf'],
      ['part:3', 'b.pdf'],
    ]);
    expect(m.text).toContain('- big.pdf: больше 0 МБ');
    expect(m.text).toContain('- c.pdf: больше 2 файлов');
    expect((m.raw as EmailRaw).source).toBe(Buffer.from('raw source').toString('base64'));
  });

  it('drops the source when there is nothing to fetch, and an unusable sender address from the contact', () => {
    const m = toInboundMessage(
      'int-1',
      mail({ fromAddress: 'not-an-address', kind: 'bulk' }),
      Buffer.from('x'),
      [],
      limits,
      now,
    );
    const raw = m.raw as EmailRaw;
    expect(raw.source).toBeUndefined();
    expect(raw.kind).toBe('bulk');
    expect(raw.acknowledge).toBe(false);
    expect(m.contact?.email).toBeNull();
    expect(m.sender).toBe('not-an-address');
  });

  it('takes the reading time when the Date header is in the future or absurdly old', () => {
    for (const date of [new Date('2027-06-01T00:00:00Z'), new Date('1999-01-01T00:00:00Z'), null]) {
      expect(toInboundMessage('i', mail({ date }), Buffer.from('x'), [], limits, now).receivedAt).toBe(
        now.toISOString(),
      );
    }
  });
});
