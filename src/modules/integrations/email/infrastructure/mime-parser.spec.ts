import iconv from 'iconv-lite';
import { declaredCharset, normaliseRawHeaders, parseEmail } from './mime-parser';

const raw = (...parts: Array<string | Buffer>) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p, 'utf8'))));

describe('parseEmail', () => {
  it('decodes raw 8-bit headers with the declared charset when the message declares one', async () => {
    const m = await parseEmail(
      raw(
        'From: ',
        iconv.encode('Иван Петров', 'koi8-r'),
        ' <ivan@example.ru>\r\nSubject: ',
        iconv.encode('Тур в Сочи', 'koi8-r'),
        '\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        iconv.encode('Хотим в Сочи', 'koi8-r'),
      ),
    );
    expect(m.subject).toBe('Тур в Сочи');
    expect(m.fromName).toBe('Иван Петров');
    expect(m.fromAddress).toBe('ivan@example.ru');
    expect(m.text).toBe('Хотим в Сочи');
    expect(m.kind).toBe('personal');
  });

  it('falls back to windows-1251 when the headers are not UTF-8 and the declared charset is missing or UTF-8', async () => {
    for (const declared of ['', 'Content-Type: text/plain; charset=utf-8\r\n']) {
      const m = await parseEmail(
        raw('Subject: ', iconv.encode('Виза в Италию', 'win1251'), `\r\n${declared}\r\nbody`),
      );
      expect(m.subject).toBe('Виза в Италию');
    }
  });

  it('leaves UTF-8 and ASCII headers alone', () => {
    const utf8 = raw('Subject: Привет\r\n\r\nbody');
    expect(normaliseRawHeaders(utf8)).toBe(utf8);
    expect(declaredCharset(raw('Content-Type: text/plain; charset="KOI8-R"\r\n\r\n'))).toBe('koi8-r');
    expect(declaredCharset(raw('Subject: x\r\n\r\n'))).toBeNull();
  });

  it('reads threading headers, recipients and marks a list message bulk', async () => {
    const m = await parseEmail(
      raw(
        'From: news@shop.ru\r\nTo: a@x.ru, "B" <b@x.ru>\r\nCc: c@x.ru\r\nDelivered-To: zayavki+tok@agency.ru\r\n',
        'Message-ID: <m1@shop.ru>\r\nIn-Reply-To: <p1@x.ru>\r\nReferences: <r1@x.ru>\r\n <p1@x.ru>\r\n',
        'List-Unsubscribe: <mailto:u@shop.ru>\r\n\r\nSale',
      ),
    );
    expect(m.messageId).toBe('m1@shop.ru');
    expect(m.inReplyTo).toEqual(['p1@x.ru']);
    expect(m.references).toEqual(['r1@x.ru', 'p1@x.ru']);
    expect(m.recipients).toEqual(['a@x.ru', 'b@x.ru', 'c@x.ru', 'zayavki+tok@agency.ru']);
    expect(m.kind).toBe('bulk');
  });
});
