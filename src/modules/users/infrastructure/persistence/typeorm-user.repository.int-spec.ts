import { useIntDb } from '../../../../../test/support/int-db';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { EmailTakenError, User } from '../../domain/user';
import { TypeOrmUserRepository } from './typeorm-user.repository';

const now = new Date('2026-11-30T10:00:00.000Z');

function newUser(email: string, fullName = 'Анна Иванова'): User {
  const u = User.create(uuidv7(), { email, fullName, role: 'operator', passwordHash: 'argon2-hash' }, now);
  return u;
}

describe('TypeOrmUserRepository on the migrated schema', () => {
  const db = useIntDb();
  const forgotten: string[] = [];
  const cache = {
    get: (_id: string, load: () => Promise<null>) => load(),
    names: (ids: readonly string[], load: (missing: string[]) => Promise<Map<string, string>>) =>
      load([...ids]),
    invalidate: (id: string) => forgotten.push(id),
  };
  const repo = () => new TypeOrmUserRepository(db().uow, cache);

  it('inserts a user and reads it back by id and case-insensitively by e-mail', async () => {
    const u = newUser('Anna.Round@Example.com');
    await db().tx(() => repo().insert(u));
    const byId = await repo().findById(u.id);
    expect(byId).not.toBeNull();
    expect(byId!.snapshot()).toEqual({
      email: 'anna.round@example.com',
      fullName: 'Анна Иванова',
      role: 'operator',
      active: true,
      passwordHash: 'argon2-hash',
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    expect(byId!.version).toBe(1);
    expect((await repo().findByEmail('  ANNA.round@example.COM '))!.id).toBe(u.id);
    expect(await repo().findById(uuidv7())).toBeNull();
    expect(await repo().findByEmail('nobody@example.com')).toBeNull();
    expect(await repo().count()).toBeGreaterThanOrEqual(1);
  });

  it('refuses a second live user with the same e-mail (EmailTakenError), also on update', async () => {
    const a = newUser('dup@example.com');
    await repo().insert(a);
    await expect(repo().insert(newUser('DUP@example.com'))).rejects.toBeInstanceOf(EmailTakenError);

    const b = newUser('other@example.com');
    await repo().insert(b);
    const loaded = (await repo().findById(b.id))!;
    loaded.update({ email: 'dup@example.com' }, now);
    await expect(repo().update(loaded)).rejects.toBeInstanceOf(EmailTakenError);
  });

  it('frees the e-mail of a deleted user and hides it from findByEmail', async () => {
    const u = newUser('gone@example.com');
    await repo().insert(u);
    const loaded = (await repo().findById(u.id))!;
    loaded.delete(new Date('2026-12-01T00:00:00Z'));
    await repo().update(loaded);
    expect(await repo().findByEmail('gone@example.com')).toBeNull();
    expect((await repo().findById(u.id))!.deleted).toBe(true);
    expect((await repo().findById(u.id))!.version).toBe(2);
    await expect(repo().insert(newUser('gone@example.com'))).resolves.toBeUndefined();
  });

  it('updates with an optimistic version check: a stale copy fails with ConcurrencyError carrying the current version', async () => {
    const u = newUser('race@example.com');
    await repo().insert(u);
    const first = (await repo().findById(u.id))!;
    const second = (await repo().findById(u.id))!;
    first.update({ fullName: 'Первая' }, now);
    await repo().update(first);
    second.update({ fullName: 'Вторая' }, now);
    const err = await repo()
      .update(second)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ details: expect.objectContaining({ currentVersion: 2 }) });
    expect((await repo().findById(u.id))!.fullName).toBe('Первая');
  });

  it('reports a vanished user as a concurrency error with no current version', async () => {
    const ghost = newUser('ghost@example.com');
    const err = await repo()
      .update(ghost)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
  });

  it('serialises the first administrator: a second transaction waits for the lock until the first ends', async () => {
    await expect(repo().lockInitialAdmin()).rejects.toThrow(/needs a transaction/);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const firstLocked = new Promise<void>((r) => (locked = r));
    const first = db().tx(async () => {
      await repo().lockInitialAdmin();
      locked();
      await held;
      order.push('first ends');
    });
    await firstLocked;
    const second = db().tx(async () => {
      await repo().lockInitialAdmin();
      order.push('second locked');
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first ends', 'second locked']);
  });
});
