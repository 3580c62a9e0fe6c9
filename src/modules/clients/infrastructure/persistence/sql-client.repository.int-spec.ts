import { useIntDb } from '../../../../../test/support/int-db';
import { insertUser, testCipher } from '../../../../../test/support/int-fixtures';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { ClientPiiCodec } from '../../application/services/client-pii.codec';
import { Client, type ClientInput } from '../../domain/client';
import { SqlClientRepository } from './sql-client.repository';

const now = new Date('2026-11-30T10:00:00.000Z');

describe('SqlClientRepository on the migrated schema', () => {
  const db = useIntDb();
  const codec = new ClientPiiCodec(testCipher('k1'));
  const repo = () => new SqlClientRepository(db().uow, codec);
  let by: string;

  beforeAll(async () => {
    by = await insertUser(db());
  });

  const input = (over: Partial<ClientInput> = {}): ClientInput => ({
    fullName: 'Иванов Иван',
    latinName: 'IVANOV IVAN',
    birthDate: '1985-05-17',
    emails: [`ivanov-${uuidv7()}@example.ru`],
    phones: [`+7912${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`],
    passports: [
      {
        kind: 'internal',
        series: '4510',
        number: String(100000 + Math.floor(Math.random() * 899999)),
        issuedAt: '2015-03-01',
      },
    ],
    telegram: 'ivanov_tg',
    notes: 'VIP',
    consent: null,
    ...over,
  });
  const create = (over: Partial<ClientInput> = {}) => Client.create(uuidv7(), input(over), { by, now });

  it('round-trips a client: personal data sealed in one column, never in clear text', async () => {
    const c = create();
    await db().tx(() => repo().insert(c));
    const back = (await repo().findById(c.id))!;
    expect(back.version).toBe(1);
    expect(back.snapshot()).toEqual({ ...c.snapshot() });
    const [row] = await db().q<{ pii: string; key_id: string; search_name: string }>(
      `SELECT pii, key_id, search_name FROM clients WHERE id = $1`,
      [c.id],
    );
    expect(row.key_id).toBe('k1');
    expect(row.pii).toMatch(/^v1:k1:/);
    expect(row.pii).not.toContain('ivanov');
    expect(row.pii).not.toContain('VIP');
    expect(row.search_name).toContain('иванов');
    expect(await repo().findById(uuidv7())).toBeNull();
  });

  it('stores a client without personal data with an empty pii column', async () => {
    const c = Client.create(uuidv7(), { fullName: 'Без Данных' }, { by, now });
    await repo().insert(c);
    const [row] = await db().q<{ pii: string | null }>(`SELECT pii FROM clients WHERE id = $1`, [c.id]);
    expect(row.pii).toBeNull();
    const back = (await repo().findById(c.id))!;
    expect(back.personalData).toMatchObject({ emails: [], phones: [], passports: [], birthDate: null });
  });

  it('finds live clients by blind index of any identifier, excluding one id', async () => {
    const a = create();
    const b = create();
    await repo().insertMany([a, b]);
    const [email] = a.identifiers().filter((i) => i.kind === 'email');
    const [phone] = b.identifiers().filter((i) => i.kind === 'phone');
    const matches = await repo().findMatches([email, phone]);
    expect(matches.map((m) => m.clientId).sort()).toEqual([a.id, b.id].sort());
    expect(matches.find((m) => m.clientId === a.id)!.identifier).toEqual(email);
    expect(await repo().findMatches([email], a.id)).toEqual([]);
    expect(await repo().findMatches([])).toEqual([]);
    const rows = await db().q<{ hash: string }>(`SELECT hash FROM client_identifiers WHERE client_id = $1`, [
      a.id,
    ]);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => !r.hash.includes('ivanov'))).toBe(true);
  });

  it('rewrites identifiers on update and drops them when the client is deleted', async () => {
    const c = create();
    await repo().insert(c);
    const loaded = (await db().tx(() => repo().findByIdForUpdate(c.id)))!;
    const oldEmail = loaded.identifiers().find((i) => i.kind === 'email')!;
    loaded.update({ emails: ['new-address@example.ru'] }, { by, now });
    await repo().update(loaded);
    expect(await repo().findMatches([oldEmail])).toEqual([]);
    expect(
      (
        await repo().findMatches([{ kind: 'email', value: 'new-address@example.ru', field: 'emails[0]' }])
      ).map((m) => m.clientId),
    ).toEqual([c.id]);

    const again = (await repo().findById(c.id))!;
    expect(again.version).toBe(2);
    again.delete({ by, now });
    await repo().update(again);
    const [{ n }] = await db().q<{ n: number }>(
      `SELECT count(*)::int AS n FROM client_identifiers WHERE client_id = $1`,
      [c.id],
    );
    expect(n).toBe(0);
    expect((await repo().findById(c.id))!.deleted).toBe(true);
  });

  it('records a merge (tombstone pointing at the survivor)', async () => {
    const survivor = create();
    const dup = create();
    await repo().insertMany([survivor, dup]);
    const d = (await repo().findById(dup.id))!;
    d.mergeInto(survivor.id, { by, now });
    await repo().update(d);
    const back = (await repo().findById(dup.id))!;
    expect(back.mergedInto).toBe(survivor.id);
    expect(back.identifiers()).toEqual([]);
  });

  it('fails a stale update with ConcurrencyError and leaves the row as the winner wrote it', async () => {
    const c = create();
    await repo().insert(c);
    const one = (await repo().findById(c.id))!;
    const two = (await repo().findById(c.id))!;
    one.update({ notes: 'first' }, { by, now });
    await repo().update(one);
    two.update({ notes: 'second' }, { by, now });
    await expect(repo().update(two)).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await repo().findById(c.id))!.personalData.notes).toBe('first');
    const ghost = create();
    await expect(repo().update(ghost)).rejects.toMatchObject({ details: { currentVersion: null } });
  });

  it('serialises two writers on the same identifier with the striped advisory locks', async () => {
    const ident = { kind: 'phone' as const, value: '+79990001122', field: 'phones[0]' };
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstLocked!: () => void;
    const locked = new Promise<void>((r) => (firstLocked = r));
    const first = db().tx(async () => {
      await repo().lockIdentifiers([ident]);
      order.push('first locked');
      firstLocked();
      await firstHolds;
      order.push('first done');
    });
    await locked;
    const second = db().tx(async () => {
      await repo().lockIdentifiers([ident, { kind: 'email', value: 'x@example.com', field: 'emails[0]' }]);
      order.push('second locked');
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual(['first locked']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first done', 'second locked']);
    await expect(db().tx(() => repo().lockIdentifiers([]))).resolves.toBeUndefined();
  });
});
