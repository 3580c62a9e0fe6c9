import { createHash } from 'node:crypto';
import { acknowledgement } from './acknowledgement';
import { applicationText, mayAcknowledge } from './inbound-email';
import { plusAddress, replyToken, tokenFromRecipients } from './reply-token';

describe('plus-address tokens', () => {
  const hash = createHash('sha256').update('application-1').digest('hex');

  it('derives the same 10-character token from the same keyed hash when asked twice', () => {
    expect(replyToken(hash)).toBe(replyToken(hash));
    expect(replyToken(hash)).toMatch(/^[a-km-np-z2-9]{10}$/);
  });

  it('finds the token in the mailbox own plus address when the domain and local part match, any case', () => {
    const token = replyToken(hash);
    const address = plusAddress('zayavki@agency.ru', token);
    expect(address).toBe(`zayavki+${token}@agency.ru`);
    expect(tokenFromRecipients('zayavki@agency.ru', ['other@x.ru', address.toUpperCase()])).toBe(token);
    expect(tokenFromRecipients('zayavki@agency.ru', [`zayavki+${token}@other.ru`])).toBeNull();
    expect(tokenFromRecipients('zayavki@agency.ru', [`sales+${token}@agency.ru`])).toBeNull();
    expect(tokenFromRecipients('zayavki@agency.ru', ['zayavki+short@agency.ru', 'noat'])).toBeNull();
  });
});

describe('e-mail texts', () => {
  it('puts the subject first and cuts a long text with an ellipsis when it exceeds the limit', () => {
    expect(applicationText({ subject: 'Сочи', text: 'Хотим в июле' }, 100)).toBe(
      'Тема: Сочи\n\nХотим в июле',
    );
    expect(applicationText({ subject: null, text: null }, 100)).toBeNull();
    const long = applicationText({ subject: null, text: 'а'.repeat(50) }, 10)!;
    expect(long).toHaveLength(10);
    expect(long.endsWith('…')).toBe(true);
  });

  it('acknowledges people but not robots or the mailbox itself', () => {
    const own = ['zayavki@agency.ru'];
    expect(mayAcknowledge({ kind: 'personal', fromAddress: 'olga@example.ru' }, own)).toBe(true);
    expect(mayAcknowledge({ kind: 'bulk', fromAddress: 'olga@example.ru' }, own)).toBe(false);
    expect(mayAcknowledge({ kind: 'personal', fromAddress: null }, own)).toBe(false);
    expect(mayAcknowledge({ kind: 'personal', fromAddress: 'no-reply@shop.ru' }, own)).toBe(false);
    expect(mayAcknowledge({ kind: 'personal', fromAddress: 'zayavki+abc@agency.ru' }, own)).toBe(false);
  });

  it('names the application by its number, never by anything else, when acknowledging', () => {
    const a = acknowledgement({ number: 'З-2026-000123', subject: 'Тур в Сочи' });
    expect(a.subject).toBe('Заявка № З-2026-000123 принята: Тур в Сочи');
    expect(a.body).toContain('заявку № З-2026-000123 по письму «Тур в Сочи»');
    const plain = acknowledgement({ number: null, subject: null });
    expect(plain.subject).toBe('Заявка принята');
    expect(plain.body).toContain('Мы получили вашу заявку. Менеджер');
  });
});
