import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { createDataSource } from '../../../shared/database/data-source.factory';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { SqlCrossBorderStore } from './sql-cross-border.store';

describe('SqlCrossBorderStore on the migrated schema', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: SqlCrossBorderStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolMax: 2 });
    await ds.initialize();
    store = new SqlCrossBorderStore(new UnitOfWork(ds));
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('upserts countries and reads them back in code order', async () => {
    expect(await store.countries()).toEqual([]);
    await store.upsertCountry({ code: 'TR', name: 'Турция', adequate: true, note: null }, null);
    const tr = await store.upsertCountry(
      { code: 'TR', name: 'Турция', adequate: false, note: 'пересмотр' },
      null,
    );
    expect(tr).toMatchObject({ code: 'TR', adequate: false, note: 'пересмотр', updatedBy: null });
    expect(tr.updatedAt).toMatch(/Z$/);
    await store.upsertCountry({ code: 'DE', name: 'Германия', adequate: true, note: null }, null);
    expect((await store.countries()).map((c) => c.code)).toEqual(['DE', 'TR']);
    expect(await store.country('XX')).toBeNull();
    await expect(
      store.upsertCountry({ code: 'tr', name: 'x', adequate: true, note: null }, null),
    ).rejects.toThrow(/check/i);
  });

  it('registers transfers, pages and filters them, and gives the rule only notified ones', async () => {
    const a = await store.insertTransfer(
      {
        id: randomUUID(),
        country: 'TR',
        recipient: 'Anex Tour',
        purpose: 'бронирование',
        categories: ['ФИО', 'паспорт'],
        notifiedOn: '2026-11-20',
      },
      null,
    );
    expect(a).toMatchObject({ country: 'TR', notifiedOn: '2026-11-20', categories: ['ФИО', 'паспорт'] });
    await store.insertTransfer(
      {
        id: randomUUID(),
        country: 'AE',
        recipient: 'Emaar',
        purpose: 'x',
        categories: ['ФИО'],
        notifiedOn: null,
      },
      null,
    );
    const all = await store.transfers({ limit: 10, offset: 0 });
    expect(all.total).toBe(2);
    const tr = await store.transfers({ country: 'TR', limit: 10, offset: 0 });
    expect(tr).toMatchObject({ total: 1, items: [{ id: a.id }] });
    const rules = await store.rulesFor(['TR', 'AE', 'DE']);
    expect(rules.transfers).toEqual([{ country: 'TR', recipient: 'Anex Tour', notifiedOn: '2026-11-20' }]);
    expect(rules.countries).toEqual(
      expect.arrayContaining([
        { code: 'TR', adequate: false },
        { code: 'DE', adequate: true },
      ]),
    );
    expect(await store.rulesFor([])).toEqual({ countries: [], transfers: [] });
  });
});
