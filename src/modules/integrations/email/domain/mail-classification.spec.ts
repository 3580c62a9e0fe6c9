import { classifyMail, type MailHeadersView } from './mail-classification';

function view(
  headers: Record<string, string>,
  contentType = 'text/plain',
  fromAddress = 'olga@example.ru',
): MailHeadersView {
  return {
    headers: new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    contentType,
    fromAddress,
  };
}

describe('classifyMail', () => {
  it('calls a letter a person wrote personal when it carries none of the machine marks', () => {
    expect(classifyMail(view({ subject: 'Тур в Сочи', 'return-path': '<olga@example.ru>' }))).toBe(
      'personal',
    );
    expect(classifyMail(view({ 'auto-submitted': 'no' }))).toBe('personal');
  });

  it('calls it an auto-reply when Auto-Submitted is anything but no, or the vendor headers say so', () => {
    expect(classifyMail(view({ 'auto-submitted': 'auto-replied' }))).toBe('auto-reply');
    expect(classifyMail(view({ 'auto-submitted': 'auto-generated; owner-email="x@y.ru"' }))).toBe(
      'auto-reply',
    );
    expect(classifyMail(view({ 'x-autoreply': 'yes' }))).toBe('auto-reply');
    expect(classifyMail(view({ precedence: 'auto_reply' }))).toBe('auto-reply');
    expect(classifyMail(view({}, 'text/plain', 'noreply@shop.ru'))).toBe('auto-reply');
    expect(classifyMail(view({ 'x-auto-response-suppress': 'All', subject: 'Automatic reply: away' }))).toBe(
      'auto-reply',
    );
  });

  it('calls it bulk when Precedence is bulk, list or junk, or any List-* header is present', () => {
    for (const p of ['bulk', 'list', 'junk', 'BULK'])
      expect(classifyMail(view({ precedence: p }))).toBe('bulk');
    expect(classifyMail(view({ 'list-unsubscribe': '<mailto:u@x.ru>' }))).toBe('bulk');
    expect(classifyMail(view({ 'list-id': '<deals.x.ru>' }))).toBe('bulk');
    expect(classifyMail(view({ 'feedback-id': '1:2:3' }))).toBe('bulk');
  });

  it('calls it a bounce when it is a multipart/report, has an empty Return-Path or comes from the mailer daemon', () => {
    expect(classifyMail(view({}, 'multipart/report'))).toBe('bounce');
    expect(classifyMail(view({ 'return-path': '<>' }))).toBe('bounce');
    expect(classifyMail(view({ 'return-path': '< >' }))).toBe('bounce');
    expect(classifyMail(view({}, 'text/plain', 'mailer-daemon@mx.ru'))).toBe('bounce');
    expect(classifyMail(view({}, 'text/plain', 'postmaster@mx.ru'))).toBe('bounce');
  });
});
