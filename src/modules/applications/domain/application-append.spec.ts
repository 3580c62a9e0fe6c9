import { ValidationError } from '../../../shared/domain/domain-error';
import { Application } from './application';

const ID = '0193a7c2-0000-7000-8000-0000000000b1';
const ctx = { by: null, now: new Date('2026-11-29T10:00:00Z') };

function fresh() {
  const a = Application.create(
    ID,
    { source: 'telegram', text: 'Хотим в Рим', contact: { telegram: '@olga_1' } },
    ctx,
  );
  a.pullEvents();
  return a;
}

describe('Application.appendMessage', () => {
  it('appends the text and fills unknown contact parts, with a masked diff', () => {
    const a = fresh();
    expect(
      a.appendMessage(
        {
          text: 'И ребёнок',
          contact: { name: 'Ольга', phone: '+7 912 345-67-89', telegram: '@other' },
        },
        ctx,
      ),
    ).toBe(true);
    const s = a.snapshot();
    expect(s.text).toBe('Хотим в Рим\n\nИ ребёнок');
    expect(s.contact).toEqual({ name: 'Ольга', phone: '+7 912 345-67-89', email: null, telegram: '@olga_1' });
    const [e] = a.pullEvents();
    expect(e.name).toBe('applications.updated');
    const json = JSON.stringify(e.payload);
    expect(json).not.toContain('ребёнок');
    expect(json).not.toContain('345-67');
    expect(json).toContain('Ольга'.slice(0, 1));
  });

  it('changes nothing and records nothing when the message adds nothing', () => {
    const a = fresh();
    expect(a.appendMessage({ text: '  ' }, ctx)).toBe(true);
    expect(a.hasChanges).toBe(false);
  });

  it('refuses to append to a rejected application, so the caller starts a new one', () => {
    const a = fresh();
    a.update({ status: 'rejected', rejectionReason: 'спам' }, ctx);
    a.pullEvents();
    expect(a.appendMessage({ text: 'ещё' }, ctx)).toBe(false);
    expect(a.hasChanges).toBe(false);
  });

  it('validates the contact', () => {
    const a = fresh();
    expect(() => a.appendMessage({ contact: { email: 'not-an-email' } }, ctx)).toThrow(ValidationError);
  });
});
