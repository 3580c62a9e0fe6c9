import { DomainError, ValidationError } from '../../../shared/domain/domain-error';
import {
  Application,
  assertAttachmentType,
  cleanFileName,
  ApplicationAlreadyConvertedError,
  type ApplicationInput,
  ApplicationTransitionError,
  STATUS_TRANSITIONS,
} from './application';
import { maskEmail } from '../../../shared/domain/masking';
import { maskContact, maskName, maskPhoneAsTyped, normaliseContact } from './contact';

const now = new Date('2026-11-22T10:00:00Z');
const ctx = { by: '0193a7c2-0000-7000-8000-000000000001', now };
const CLIENT = '0193a7c2-0000-7000-8000-00000000c111';
const SURVIVOR = '0193a7c2-0000-7000-8000-00000000c222';
const ORDER = '0193a7c2-0000-7000-8000-00000000a001';

function input(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    source: 'telegram',
    text: '  Хотим в Париж на неделю в июне ',
    contact: {
      name: ' Иван  Петров ',
      phone: '8 (912) 345-67-89',
      email: 'Ivan@Example.ru',
      telegram: 'ivan_p',
    },
    payload: { update_id: 1, message: { text: 'Хотим в Париж', from: { phone: '+79123456789' } } },
    ...overrides,
  };
}

function created(overrides: Partial<ApplicationInput> = {}): Application {
  const a = Application.create('app-1', input(overrides), ctx);
  a.pullEvents();
  return a;
}

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fieldErrors.map((f) => f.field);
    throw e;
  }
  throw new Error('no error thrown');
}

describe('Application', () => {
  it('starts new with a trimmed text and contact and records applications.created with a masked diff', () => {
    const a = Application.create('app-1', input({ clientId: CLIENT }), ctx);
    const s = a.snapshot();
    expect(s).toMatchObject({
      status: 'new',
      source: 'telegram',
      text: 'Хотим в Париж на неделю в июне',
      clientId: CLIENT,
      contact: {
        name: 'Иван Петров',
        phone: '8 (912) 345-67-89',
        email: 'Ivan@Example.ru',
        telegram: '@ivan_p',
      },
    });
    const [event] = a.pullEvents();
    expect(event.name).toBe('applications.created');
    expect(event.aggregateType).toBe('application');
    const json = JSON.stringify(event.payload);
    for (const secret of ['345-67', 'Ivan@Example.ru', 'Петров', '+79123456789', 'Париж']) {
      expect(json).not.toContain(secret);
    }
    expect(event.payload).toMatchObject({
      source: 'telegram',
      clientId: CLIENT,
      diff: {
        status: { from: null, to: 'new' },
        contact: {
          to: { name: 'И*** П.', phone: '8 (9**) ***-**-89', email: 'I***@Example.ru', telegram: '@iv***' },
        },
        text: { to: '[30 characters]' },
      },
    });
    expect(a.version).toBe(1);
  });

  it('rejects an unknown source, an oversize payload, a malformed contact and an empty request, naming each field', () => {
    expect(
      fieldsOf(() =>
        Application.create(
          'x',
          {
            source: 'fax' as never,
            payload: { big: 'x'.repeat(70_000) },
            contact: { phone: 'call me', email: 'nope', telegram: 'a b' },
          },
          ctx,
        ),
      ).sort(),
    ).toEqual(['contact.email', 'contact.phone', 'contact.telegram', 'payload', 'source']);
    expect(fieldsOf(() => Application.create('x', { source: 'manual', text: '  ' }, ctx))).toEqual(['text']);
    expect(
      fieldsOf(() =>
        Application.create(
          'x',
          { source: 'web', text: 'hi', consent: { givenAt: 'yesterday', channel: '', textVersion: 'v1' } },
          ctx,
        ),
      ),
    ).toEqual(['consent.givenAt', 'consent.channel']);
  });

  it('moves through the transition table and records applications.status-changed when the status changes', () => {
    const a = created();
    a.update({ status: 'in_progress' }, ctx);
    const [event] = a.pullEvents();
    expect(event.name).toBe('applications.status-changed');
    expect(event.payload).toEqual({
      from: 'new',
      to: 'in_progress',
      diff: { status: { from: 'new', to: 'in_progress' } },
    });
    expect(a.status).toBe('in_progress');
    expect(a.version).toBe(2);
  });

  it('answers a forbidden status change with the allowed ones when the table does not list it', () => {
    const a = created();
    a.update({ status: 'rejected', rejectionReason: 'spam' }, ctx);
    a.pullEvents();
    let error: unknown;
    try {
      a.update({ status: 'new' }, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApplicationTransitionError);
    expect((error as DomainError).code).toBe('APPLICATIONS.INVALID_TRANSITION');
    expect((error as DomainError).details).toEqual({ from: 'rejected', to: 'new', allowed: ['in_progress'] });
    expect(() => created().update({ status: 'converted' }, ctx)).toThrow(ApplicationTransitionError);
    expect(STATUS_TRANSITIONS.converted).toEqual([]);
  });

  it('needs a reason to reject, keeps it masked in the diff and clears it when reopened', () => {
    const a = created();
    expect(fieldsOf(() => a.update({ status: 'rejected' }, ctx))).toEqual(['rejectionReason']);
    expect(fieldsOf(() => a.update({ rejectionReason: 'why' }, ctx))).toEqual(['rejectionReason']);
    a.update({ status: 'rejected', rejectionReason: 'Клиент передумал' }, ctx);
    const [event] = a.pullEvents();
    expect(event.payload).toMatchObject({
      to: 'rejected',
      diff: { rejectionReason: { from: null, to: '[16 characters]' } },
    });
    expect(JSON.stringify(event.payload)).not.toContain('передумал');
    a.update({ rejectionReason: 'Клиент не пришёл' }, ctx);
    expect(a.pullEvents().map((e) => [e.name, e.payload])).toEqual([
      [
        'applications.updated',
        { diff: { rejectionReason: { from: '[16 characters]', to: '[16 characters]' } } },
      ],
    ]);
    a.update({ rejectionReason: 'Клиент не пришёл' }, ctx);
    expect(a.hasChanges).toBe(false);
    a.update({ status: 'in_progress' }, ctx);
    a.pullEvents();
    expect(a.snapshot().rejectionReason).toBeNull();
  });

  it('records applications.updated with masked contact and text diffs, and nothing when nothing changed', () => {
    const a = created();
    a.update({ text: 'Хотим в Париж на неделю в июне' }, ctx);
    expect(a.hasChanges).toBe(false);
    a.update({ contact: { name: 'Иван Петров', phone: '8 (912) 345-67-00' }, assigneeId: ctx.by }, ctx);
    const [event] = a.pullEvents();
    expect(event.name).toBe('applications.updated');
    const diff = (event.payload as { diff: Record<string, { from: unknown; to: unknown }> }).diff;
    expect(Object.keys(diff).sort()).toEqual(['assigneeId', 'contact']);
    expect(JSON.stringify(diff)).not.toContain('345-67-00');
    expect(diff.contact.to).toEqual({
      name: 'И*** П.',
      phone: '8 (9**) ***-**-00',
      email: null,
      telegram: null,
    });
  });

  it('shows a change of a same-length text in the diff although both mask alike', () => {
    const a = created({ text: 'abc' });
    a.update({ text: 'xyz' }, ctx);
    const [event] = a.pullEvents();
    expect(event.payload).toEqual({ diff: { text: { from: '[3 characters]', to: '[3 characters]' } } });
  });

  it('converts once from new or in progress and refuses a second conversion or a rejected application', () => {
    const a = created();
    a.markConverted(ORDER, CLIENT, true, ctx);
    const [event] = a.pullEvents();
    expect(event.name).toBe('applications.converted');
    expect(event.payload).toEqual({
      orderId: ORDER,
      clientId: CLIENT,
      clientCreated: true,
      diff: {
        status: { from: 'new', to: 'converted' },
        orderId: { from: null, to: ORDER },
        clientId: { from: null, to: CLIENT },
      },
    });
    expect(() => a.assertConvertible()).toThrow(ApplicationAlreadyConvertedError);
    expect(() => a.update({ text: 'другое' }, ctx)).toThrow(ApplicationAlreadyConvertedError);
    const r = created();
    r.update({ status: 'rejected', rejectionReason: 'spam' }, ctx);
    expect(() => r.markConverted(ORDER, CLIENT, false, ctx)).toThrow(ApplicationTransitionError);
    const p = created();
    p.update({ status: 'in_progress' }, ctx);
    expect(() => p.assertConvertible()).not.toThrow();
  });

  it('follows a merged client to the survivor and ignores other clients', () => {
    const a = created({ clientId: CLIENT });
    a.relinkClient(SURVIVOR, CLIENT, ctx);
    expect(a.hasChanges).toBe(false);
    a.relinkClient(CLIENT, SURVIVOR, ctx);
    const [event] = a.pullEvents();
    expect(event.name).toBe('applications.client-relinked');
    expect(event.payload).toEqual({
      fromClientId: CLIENT,
      toClientId: SURVIVOR,
      diff: { clientId: { from: CLIENT, to: SURVIVOR } },
    });
    expect(a.clientId).toBe(SURVIVOR);
  });
});

describe('attachments', () => {
  const ref = (id: string) => ({
    id,
    key: `applications/app-1/${id}`,
    fileName: 'паспорт.pdf',
    contentType: 'application/pdf',
    size: 1234,
  });

  it('records an attached file by type and size only, up to the limit, and never once converted', () => {
    const a = created();
    a.attach(ref('f1'), ctx);
    const [event] = a.pullEvents();
    expect(event.name).toBe('applications.updated');
    expect(event.payload).toEqual({
      diff: { attachments: { from: [], to: ['application/pdf, 1234 bytes'] } },
    });
    expect(a.attachment('f1')).toMatchObject({ fileName: 'паспорт.pdf' });
    expect(a.attachment('nope')).toBeNull();
    for (let i = 2; i <= 20; i++) a.attach(ref(`f${i}`), ctx);
    expect(fieldsOf(() => a.attach(ref('f21'), ctx))).toEqual(['file']);
    const c = created();
    c.markConverted(ORDER, CLIENT, false, ctx);
    expect(() => c.assertCanAttach()).toThrow(ApplicationAlreadyConvertedError);
  });

  it('accepts documents and pictures by their sniffed type and answers anything else with 415', () => {
    expect(assertAttachmentType('image/png')).toBe('image/png');
    for (const t of [null, 'application/zip', 'text/html']) {
      expect(() => assertAttachmentType(t)).toThrow(
        expect.objectContaining({ code: 'COMMON.UNSUPPORTED_MEDIA_TYPE' }),
      );
    }
  });

  it('offers a file name without path or control characters', () => {
    expect(cleanFileName('C:\\Users\\ivan\\скан паспорта.jpg', 'x')).toBe('скан паспорта.jpg');
    expect(cleanFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.pdf', 'x')).toBe('abc.pdf');
    expect(cleanFileName(undefined, 'fallback')).toBe('fallback');
    expect(cleanFileName('..', 'fallback')).toBe('fallback');
    expect(cleanFileName('x'.repeat(300), 'f')).toHaveLength(200);
  });
});

describe('contact masking', () => {
  it('keeps only the edges of phones, e-mails and handles, and the name only when asked', () => {
    expect(maskPhoneAsTyped('+7 912 345-67-89')).toBe('+7 9** ***-**-89');
    expect(maskEmail('ivan@example.ru')).toBe('i***@example.ru');
    expect(maskEmail('broken')).toBe('***');
    expect(maskName('Иван')).toBe('И***');
    const contact = normaliseContact(
      { name: 'Иван Петров', phone: '89123456789', email: 'ivan@example.ru', telegram: '@ivanov' },
      [],
    );
    expect(maskContact(contact, { keepName: true })).toEqual({
      name: 'Иван Петров',
      phone: '89*******89',
      email: 'i***@example.ru',
      telegram: '@iv***',
    });
    expect(maskContact(normaliseContact(null, []), { keepName: false })).toEqual({
      name: null,
      phone: null,
      email: null,
      telegram: null,
    });
  });
});
