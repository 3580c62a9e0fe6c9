import { DomainError, ValidationError } from '../../../shared/domain/domain-error';
import { Client, ClientMergedError, type ClientInput, DuplicateClientError } from './client';

const now = new Date('2026-11-22T10:00:00Z');
const ctx = { by: '0193a7c2-0000-7000-8000-000000000001', now };

function input(overrides: Partial<ClientInput> = {}): ClientInput {
  return {
    fullName: '  Иванов   Иван ',
    latinName: 'ivanov ivan',
    birthDate: '1985-05-17',
    emails: ['Ivanov@Example.ru', 'ivanov@example.ru '],
    phones: ['8 (912) 345-67-89', '+7 912 345 6789'],
    passports: [{ kind: 'internal', series: '45 10', number: '123456', issuedAt: '2015-03-01' }],
    telegram: 'ivanov_tg',
    notes: 'VIP',
    ...overrides,
  };
}

function newClient(id = 'c1', overrides: Partial<ClientInput> = {}): Client {
  return Client.create(id, input(overrides), ctx);
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

describe('Client', () => {
  it('normalises names, contacts and passports and de-duplicates repeated values when created', () => {
    const c = newClient();
    const s = c.snapshot();
    expect(s.fullName).toBe('Иванов Иван');
    expect(s.latinName).toBe('IVANOV IVAN');
    expect(s.emails).toEqual(['ivanov@example.ru']);
    expect(s.phones).toEqual(['+79123456789']);
    expect(s.passports).toEqual([
      {
        kind: 'internal',
        series: '4510',
        number: '123456',
        issuedAt: '2015-03-01',
        expiresAt: null,
        issuedBy: null,
      },
    ]);
    expect(s.telegram).toBe('@ivanov_tg');
    expect(c.identifiers()).toEqual([
      { kind: 'email', value: 'ivanov@example.ru', field: 'emails[0]' },
      { kind: 'phone', value: '+79123456789', field: 'phones[0]' },
      { kind: 'passport', value: '4510123456', field: 'passports[0]' },
    ]);
  });

  it('records clients.created with a diff in which personal data is masked', () => {
    const c = newClient();
    const [event] = c.pullEvents();
    expect(event.name).toBe('clients.created');
    expect(event.aggregateType).toBe('client');
    expect(event.aggregateVersion).toBe(1);
    const json = JSON.stringify(event.payload);
    expect(json).not.toContain('123456');
    expect(json).not.toContain('9123456789');
    expect(json).not.toContain('ivanov@example.ru');
    expect(json).not.toContain('1985');
    expect((event.payload as { diff: Record<string, { to: unknown }> }).diff.passports.to).toEqual([
      'internal 45 ** ***456',
    ]);
    expect(c.version).toBe(1);
  });

  it('lists every invalid field in one validation error', () => {
    expect(
      fieldsOf(() =>
        Client.create(
          'x',
          {
            fullName: ' ',
            latinName: 'Иванов',
            birthDate: '1850-01-01',
            emails: ['bad'],
            phones: ['123'],
            passports: [
              { kind: 'internal', series: '45', number: '1' },
              {
                kind: 'foreign',
                series: '75',
                number: '1234567',
                issuedAt: '2020-01-01',
                expiresAt: '2019-01-01',
              },
              { kind: 'diplomatic' as never, number: '1' },
            ],
            telegram: 'no way',
            whatsapp: 'abc',
            consent: { givenAt: 'yesterday', channel: '', textVersion: '' },
          },
          ctx,
        ),
      ),
    ).toEqual([
      'fullName',
      'latinName',
      'birthDate',
      'emails[0]',
      'phones[0]',
      'passports[0].series',
      'passports[0].number',
      'passports[1].expiresAt',
      'passports[2].kind',
      'telegram',
      'whatsapp',
      'consent.givenAt',
      'consent.channel',
      'consent.textVersion',
    ]);
  });

  it('refuses more than 20 phones and a birth date in the future', () => {
    expect(
      fieldsOf(() => newClient('x', { phones: Array.from({ length: 21 }, () => '+79123456789') })),
    ).toEqual(['phones']);
    expect(fieldsOf(() => newClient('x', { birthDate: '2027-01-01' }))).toEqual(['birthDate']);
  });

  it('records a masked diff of only what changed, and nothing when nothing changed', () => {
    const c = newClient();
    c.pullEvents();
    expect(c.update({ phones: ['89123456789'], fullName: 'Иванов Иван' }, ctx)).toEqual({});
    expect(c.hasChanges).toBe(false);
    const diff = c.update({ phones: ['+79123456789', '+79161112233'], birthDate: null }, ctx);
    expect(diff).toEqual({
      birthDate: { from: '****-**-**', to: null },
      phones: { from: ['+7 912 ***-**-89'], to: ['+7 912 ***-**-89', '+7 916 ***-**-33'] },
    });
    const [event] = c.pullEvents();
    expect(event.name).toBe('clients.updated');
    expect(event.aggregateVersion).toBe(2);
  });

  it('shows a change of a passport whose masked form stays the same', () => {
    const c = newClient();
    c.pullEvents();
    const diff = c.update({ passports: [{ kind: 'internal', series: '4599', number: '999456' }] }, ctx);
    expect(Object.keys(diff)).toEqual(['passports']);
  });

  it('records clients.duplicate-allowed with the matching clients', () => {
    const c = newClient();
    c.allowDuplicates([{ clientId: 'other', field: 'phone' }]);
    c.allowDuplicates([]);
    expect(c.pullEvents().map((e) => e.name)).toEqual(['clients.created', 'clients.duplicate-allowed']);
  });

  it('erases personal data but keeps the name when deleted, and refuses changes afterwards', () => {
    const c = newClient();
    c.pullEvents();
    c.delete(ctx);
    expect(c.deleted).toBe(true);
    expect(c.live).toBe(false);
    expect(c.personalData).toEqual({
      birthDate: null,
      emails: [],
      phones: [],
      passports: [],
      telegram: null,
      whatsapp: null,
      notes: null,
    });
    expect(c.fullName).toBe('Иванов Иван');
    expect(c.identifiers()).toEqual([]);
    const [event] = c.pullEvents();
    expect(event.payload).toEqual({
      fullName: 'Иванов Иван',
      erased: ['birthDate', 'emails', 'phones', 'passports', 'telegram', 'notes'],
    });
    expect(() => c.update({ notes: 'x' }, ctx)).toThrow(DomainError);
    expect(() => c.delete(ctx)).toThrow(DomainError);
  });

  it('folds a duplicate into the survivor: contacts and passports united, gaps filled, notes appended', () => {
    const survivor = newClient('s', { birthDate: null, notes: 'первый' });
    const dup = newClient('d', {
      fullName: 'Иванов И.',
      emails: ['second@example.ru'],
      phones: ['+79161112233', '+79123456789'],
      passports: [
        { kind: 'internal', series: '4510', number: '123456' },
        { kind: 'foreign', series: '75', number: '7654321', expiresAt: '2030-01-01' },
      ],
      birthDate: '1985-05-17',
      notes: 'второй',
    });
    survivor.pullEvents();
    dup.pullEvents();
    survivor.absorb(dup, ctx);
    dup.mergeInto(survivor.id, ctx);
    const s = survivor.snapshot();
    expect(s.emails).toEqual(['ivanov@example.ru', 'second@example.ru']);
    expect(s.phones).toEqual(['+79123456789', '+79161112233']);
    expect(s.passports.map((p) => p.number)).toEqual(['123456', '7654321']);
    expect(s.birthDate).toBe('1985-05-17');
    expect(s.notes).toBe('первый\n\nвторой');
    expect(s.fullName).toBe('Иванов Иван');
    const [merged] = survivor.pullEvents();
    expect(merged.name).toBe('clients.merged');
    expect(merged.payload).toMatchObject({ survivorId: 's', duplicateId: 'd' });
    expect(JSON.stringify(merged.payload)).not.toContain('7654321');
    const [into] = dup.pullEvents();
    expect(into.name).toBe('clients.merged-into');
    expect(dup.mergedInto).toBe('s');
    expect(dup.identifiers()).toEqual([]);
    expect(dup.personalData.passports).toEqual([]);
    expect(() => dup.update({ notes: 'x' }, ctx)).toThrow(ClientMergedError);
    expect(() => survivor.absorb(dup, ctx)).toThrow(ClientMergedError);
  });

  it('records what else moved (counts only) in the merge diff when references moved', () => {
    const survivor = newClient('s');
    const dup = newClient('d', { emails: ['other@example.ru'], phones: [], passports: [] });
    survivor.pullEvents();
    const diff = survivor.absorb(dup, ctx, { files: 2, orders: 1 });
    expect(diff.movedReferences).toEqual({ from: null, to: { files: 2, orders: 1 } });
    expect(diff.emails).toEqual({ from: ['i***@example.ru'], to: ['i***@example.ru', 'o***@example.ru'] });
  });

  it('refuses to merge a client into itself', () => {
    const c = newClient();
    expect(() => c.absorb(c, ctx)).toThrow(ValidationError);
  });

  it('names the matching client, the kind and the path in a duplicate error', () => {
    const e = new DuplicateClientError([
      { clientId: 'a', field: 'phone', path: 'phones[1]' },
      { clientId: 'b', field: 'email', path: 'emails[0]' },
    ]);
    expect(e.code).toBe('CLIENTS.DUPLICATE');
    expect(e.details).toMatchObject({ matchingClientId: 'a', field: 'phone' });
    expect(e.fieldErrors.map((f) => f.field)).toEqual(['phones[1]', 'emails[0]']);
  });
});
