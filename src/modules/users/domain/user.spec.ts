import { DomainError, ValidationError } from '../../../shared/domain/domain-error';
import { MAX_EMAIL, MAX_PERSON_NAME } from '../../../shared/domain/contact-limits';
import { User } from './user';

const now = new Date('2026-11-22T10:00:00Z');

function newUser(): User {
  return User.create(
    '0193a7c2-6a7e-7c4e-9d2b-1f6f4a0e8b11',
    { email: '  Anna@Agency.RU ', fullName: ' Анна ', role: 'operator', passwordHash: 'h' },
    now,
  );
}

describe('User', () => {
  it('normalises e-mail and name and records users.created when created', () => {
    const u = newUser();
    expect(u.email).toBe('anna@agency.ru');
    expect(u.fullName).toBe('Анна');
    expect(u.active).toBe(true);
    const events = u.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['users.created']);
    expect(events[0].payload).toEqual({ email: 'anna@agency.ru', fullName: 'Анна', role: 'operator' });
    expect(events[0].aggregateVersion).toBe(1);
    expect(u.version).toBe(1);
  });

  it('rejects a bad e-mail or an empty name', () => {
    expect(() =>
      User.create('id', { email: 'nope', fullName: 'x', role: 'operator', passwordHash: 'h' }, now),
    ).toThrow(ValidationError);
    expect(() =>
      User.create('id', { email: 'a@b.ru', fullName: '  ', role: 'operator', passwordHash: 'h' }, now),
    ).toThrow(ValidationError);
  });

  it('holds the e-mail and the name to the shared contact limits (the DTO imports the same)', () => {
    const long = `${'a'.repeat(MAX_EMAIL - 5)}@b.ru`;
    expect(() =>
      User.create('id', { email: `${long}x`, fullName: 'x', role: 'operator', passwordHash: 'h' }, now),
    ).toThrow(ValidationError);
    expect(
      User.create(
        'id',
        { email: long, fullName: 'я'.repeat(MAX_PERSON_NAME), role: 'operator', passwordHash: 'h' },
        now,
      ).email,
    ).toBe(long);
    let error: unknown;
    try {
      newUser().update({ fullName: 'я'.repeat(MAX_PERSON_NAME + 1) }, now);
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).fieldErrors).toEqual([
      { field: 'fullName', message: `fullName must be at most ${MAX_PERSON_NAME} characters` },
    ]);
  });

  it('records a diff of only the fields that changed when updated', () => {
    const u = newUser();
    u.pullEvents();
    const diff = u.update({ role: 'supervisor', fullName: 'Анна', active: true }, now);
    expect(diff).toEqual({ role: { from: 'operator', to: 'supervisor' } });
    const [event] = u.pullEvents();
    expect(event.name).toBe('users.updated');
    expect(event.aggregateVersion).toBe(2);
  });

  it('records nothing when an update changes nothing', () => {
    const u = newUser();
    u.pullEvents();
    expect(u.update({ email: 'ANNA@agency.ru' }, now)).toEqual({});
    expect(u.hasChanges).toBe(false);
  });

  it('records a password change without the hash in the event', () => {
    const u = newUser();
    u.pullEvents();
    u.changePassword('new-hash', now);
    expect(u.passwordHash).toBe('new-hash');
    const [event] = u.pullEvents();
    expect(event.name).toBe('users.password-changed');
    expect(JSON.stringify(event.payload)).not.toContain('new-hash');
  });

  it('refuses changes once deleted', () => {
    const u = newUser();
    u.delete(now);
    expect(u.deleted).toBe(true);
    expect(u.active).toBe(false);
    expect(() => u.update({ fullName: 'x' }, now)).toThrow(DomainError);
    expect(() => u.delete(now)).toThrow(DomainError);
  });
});
