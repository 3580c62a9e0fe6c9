import { useIntDb } from '../../../../../test/support/int-db';
import { insertUser, testCipher } from '../../../../../test/support/int-fixtures';
import type { Actor } from '../../../../shared/domain/actor';
import { NotFoundError } from '../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { OutboxRelay } from '../../../../shared/outbox/outbox.relay';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import type { ObjectStorage } from '../../../../shared/storage/object-storage.port';
import { ClientPiiCodec } from '../../application/services/client-pii.codec';
import { Client } from '../../domain/client';
import { ClientsPersonalDataEraser } from './clients-personal-data.eraser';
import { SqlClientRepository } from './sql-client.repository';

describe('ClientsPersonalDataEraser on the migrated schema', () => {
  const db = useIntDb();
  const codec = new ClientPiiCodec(testCipher('k1'));
  const relay = { deliverSoon: () => undefined } as unknown as OutboxRelay;
  const deleted: string[] = [];
  const storage = { delete: async (key: string) => void deleted.push(key) } as unknown as ObjectStorage;
  const eraser = () =>
    new ClientsPersonalDataEraser(
      db().uow,
      new SqlClientRepository(db().uow, codec),
      storage,
      new OutboxWriter(db().uow, relay),
    );
  let actor: Actor;

  beforeAll(async () => {
    actor = { userId: await insertUser(db(), 'admin'), role: 'admin', correlationId: null };
  });

  const subject = (clientId: string) => ({
    destructionId: uuidv7(),
    clientId,
    pseudonym: 'Клиент №5',
    values: new Set<string>(),
    applicationIds: [],
    channelRefs: [],
  });
  const file = async (clientId: string, key: string) =>
    db().q(
      `INSERT INTO client_files (id, client_id, object_key, content_type, size, sha256)
       VALUES ($1, $2, $3, 'application/pdf', 1, 'x')`,
      [uuidv7(), clientId, key],
    );

  it('empties the card and its merged-away duplicates, drops the blind index, deletes every file and records the event', async () => {
    const client = Client.create(
      uuidv7(),
      {
        fullName: 'Орлова Ольга',
        latinName: 'ORLOVA OLGA',
        birthDate: '1990-01-02',
        emails: [`orlova-${uuidv7()}@example.ru`],
        phones: ['+79005550101'],
        passports: [],
        telegram: 'orlova_tg',
        notes: null,
        consent: null,
      },
      { by: actor.userId, now: new Date() },
    );
    await new SqlClientRepository(db().uow, codec).insert(client);
    const tombstone = uuidv7();
    await db().q(
      `INSERT INTO clients (id, full_name, latin_name, search_name, merged_into) VALUES ($1, 'Орлова О.', 'ORLOVA O', 'орлова о.', $2)`,
      [tombstone, client.id],
    );
    await file(client.id, `clients/${client.id}/passport.pdf`);
    await file(tombstone, `clients/${tombstone}/visa.pdf`);
    expect(
      (await db().q(`SELECT 1 FROM client_identifiers WHERE client_id = $1`, [client.id])).length,
    ).toBeGreaterThan(0);

    const s = subject(client.id);
    const report = await db().tx(() => eraser().erasePersonalData(s, actor));

    expect(report.counts).toEqual({ clientFiles: 2 });
    expect(report.categories).toContain('сканы и файлы клиента (2)');
    expect(report.categories).toContain('фамилия, имя, отчество');
    expect(deleted.sort()).toEqual([`clients/${client.id}/passport.pdf`, `clients/${tombstone}/visa.pdf`]);
    // the values it found are handed on to the other erasers and the scrub
    const found = ['Орлова Ольга', 'Орлова О.', 'ORLOVA O', '+79005550101', '79005550101'];
    expect(found.filter((v) => !s.values.has(v))).toEqual([]);
    const rows = await db().q<{
      id: string;
      full_name: string;
      latin_name: string | null;
      pii: string | null;
    }>(`SELECT id, full_name, latin_name, pii FROM clients WHERE id = ANY($1) ORDER BY id`, [
      [client.id, tombstone],
    ]);
    expect(rows.map((r) => r.full_name)).toEqual(['Клиент №5', 'Клиент №5']);
    expect(rows.find((r) => r.id === tombstone)).toMatchObject({ latin_name: null, pii: null });
    expect(await db().q(`SELECT 1 FROM client_identifiers WHERE client_id = $1`, [client.id])).toEqual([]);
    expect(
      await db().q(`SELECT 1 FROM client_files WHERE client_id = ANY($1)`, [[client.id, tombstone]]),
    ).toEqual([]);
    const events = await db().q<{ name: string }>(
      `SELECT name FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [client.id],
    );
    expect(events.map((e) => e.name)).toContain('clients.personal-data-erased');
  });

  it('reports nothing without a client and refuses an unknown one', async () => {
    expect(await eraser().erasePersonalData({ ...subject(uuidv7()), clientId: null }, actor)).toEqual({
      categories: [],
      kept: [],
      counts: {},
    });
    await expect(db().tx(() => eraser().erasePersonalData(subject(uuidv7()), actor))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
