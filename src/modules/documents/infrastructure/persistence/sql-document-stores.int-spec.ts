import { useIntDb } from '../../../../../test/support/int-db';
import { insertUser } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { AgencyDetails } from '../../domain/document-data';
import { SqlAgencySettingsStore, SqlDocumentStore, SqlTemplateStore } from './sql-document-stores';

describe('document stores on the migrated schema', () => {
  const db = useIntDb();

  describe('SqlTemplateStore', () => {
    const store = () => new SqlTemplateStore(db().uow);

    it('seeds a default only for a type without templates, and keeps one active version per type', async () => {
      await db().q(`DELETE FROM document_templates WHERE type = 'proposal'`);
      expect(await store().seed('proposal', uuidv7(), { body: 'default' })).toBe(true);
      expect(await store().seed('proposal', uuidv7(), { body: 'again' })).toBe(false);
      const seeded = (await store().active('proposal'))!;
      expect(seeded).toMatchObject({
        type: 'proposal',
        version: 1,
        active: true,
        content: { body: 'default' },
      });
      expect(seeded.activatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

      const by = await insertUser(db(), 'admin');
      await db().tx(async () => {
        await store().lockType('proposal');
        const next = (await store().lastVersion('proposal')) + 1;
        await store().insert({
          id: uuidv7(),
          type: 'proposal',
          version: next,
          content: { body: 'v2' },
          assets: { logo: { contentType: 'image/png', data: 'iVBOR' } } as never,
          comment: 'новая шапка',
          createdBy: by,
        });
      });
      expect(await store().lastVersion('proposal')).toBe(2);
      const v2 = (await store().get('proposal', 2))!;
      expect(v2).toMatchObject({ active: false, activatedAt: null, comment: 'новая шапка', createdBy: by });
      expect(v2.assets).toEqual({ logo: { contentType: 'image/png', data: 'iVBOR' } });
      expect(v2.createdAt).toMatch(/Z$/);

      await db().tx(() => store().activate('proposal', 2));
      expect((await store().active('proposal'))!.version).toBe(2);
      expect((await store().list('proposal')).map((t) => [t.version, t.active])).toEqual([
        [2, true],
        [1, false],
      ]);
      const active = await store().listActive();
      expect(active.filter((t) => t.type === 'proposal')).toHaveLength(1);
      expect(active.map((t) => t.type)).toEqual([...active.map((t) => t.type)].sort());
      expect(await store().get('proposal', 99)).toBeNull();
      expect(await store().lastVersion('invoice' as never)).toBeGreaterThanOrEqual(0);
    });

    it('refuses a second template with the same type and version', async () => {
      const v = await store().lastVersion('proposal');
      await expect(
        store().insert({
          id: uuidv7(),
          type: 'proposal',
          version: v,
          content: {},
          assets: {},
          comment: '',
          createdBy: null,
        }),
      ).rejects.toThrow(/duplicate key|unique/);
    });

    it('has no active template for a type with none', async () => {
      await db().q(`DELETE FROM document_templates WHERE type = 'act'`);
      expect(await store().active('act')).toBeNull();
      expect(await store().lastVersion('act')).toBe(0);
      expect(await store().list('act')).toEqual([]);
    });
  });

  describe('SqlAgencySettingsStore', () => {
    const store = () => new SqlAgencySettingsStore(db().uow);

    it('creates the single settings row, then overwrites it with the new version', async () => {
      await db().q(`DELETE FROM agency_settings`);
      expect(await store().get()).toBeNull();
      const details = { name: 'ООО «Ромашка-Тур»', inn: '7701234567' } as unknown as AgencyDetails;
      await store().save(details, 1, null);
      const first = (await store().get())!;
      expect(first).toMatchObject({ details, version: 1, updatedBy: null });
      expect(first.updatedAt).toMatch(/Z$/);
      const by = await insertUser(db(), 'admin');
      await db().tx(async () => {
        const locked = (await store().get(true))!;
        await store().save({ ...locked.details, inn: '7709876543' } as AgencyDetails, locked.version + 1, by);
      });
      expect(await store().get()).toMatchObject({
        version: 2,
        updatedBy: by,
        details: { inn: '7709876543' },
      });
      const [{ n }] = await db().q<{ n: number }>(`SELECT count(*)::int AS n FROM agency_settings`);
      expect(n).toBe(1);
    });
  });

  describe('SqlDocumentStore', () => {
    const store = () => new SqlDocumentStore(db().uow);
    const doc = (orderId: string, seq: number, type: 'contract' | 'invoice' = 'contract') => ({
      id: uuidv7(),
      type,
      number: `${type === 'contract' ? 'Д' : 'С'}-2030-${String(seq).padStart(6, '0')}`,
      year: 2030,
      sequence: seq,
      orderId,
      templateType: type,
      templateVersion: 1,
      currentVersion: 1,
      final: false,
      issuedAt: '2030-01-02T03:04:05.000Z',
      createdBy: null,
      version: 1,
    });

    it('numbers gap-free per type and year, and a rollback gives the number back', async () => {
      expect(await db().tx(() => store().nextSequence('contract', 2030))).toBe(1);
      expect(await db().tx(() => store().nextSequence('contract', 2030))).toBe(2);
      await db()
        .tx(async () => {
          await store().nextSequence('contract', 2030);
          throw new Error('rollback');
        })
        .catch(() => undefined);
      expect(await db().tx(() => store().nextSequence('contract', 2030))).toBe(3);
      expect(await db().tx(() => store().nextSequence('invoice', 2030))).toBe(1);
    });

    it("round-trips a document with its versions, finalises it, and finds an order's documents by type", async () => {
      const orderId = uuidv7();
      const d = doc(orderId, 101);
      const inv = doc(orderId, 102, 'invoice');
      await db().tx(async () => {
        await store().lockOrderType(orderId, 'contract');
        await store().insert(d);
        await store().insert(inv);
      });
      const back = (await store().get(d.id))!;
      expect(back).toMatchObject({ ...d, finalizedAt: null, finalizedBy: null });
      expect(back.createdAt).toMatch(/Z$/);

      const v1 = {
        documentId: d.id,
        n: 1,
        fileKey: `documents/${d.id}/1.pdf`,
        size: 1234,
        sha256: 'a'.repeat(64),
        dataSha256: 'b'.repeat(64),
        templateVersion: 1,
        generatedAt: '2030-01-02T03:04:05.000Z',
        generatedByUser: null,
        generatedByEvent: uuidv7(),
        reason: 'created',
      };
      await store().insertVersion(v1);
      await store().insertVersion({
        ...v1,
        n: 2,
        fileKey: `documents/${d.id}/2.pdf`,
        reason: 'order changed',
      });
      expect((await store().versions(d.id)).map((v) => v.n)).toEqual([2, 1]);
      expect(await store().version(d.id, 1)).toEqual(v1);
      expect(await store().version(d.id, 3)).toBeNull();
      await expect(store().insertVersion(v1)).rejects.toThrow(/duplicate key|unique/);

      const by = await insertUser(db(), 'accountant');
      const locked = (await db().tx(() => store().get(d.id, true)))!;
      await store().update({
        ...locked,
        currentVersion: 2,
        final: true,
        finalizedAt: '2030-02-01T00:00:00.000Z',
        finalizedBy: by,
        version: 2,
      });
      expect(await store().get(d.id)).toMatchObject({
        currentVersion: 2,
        final: true,
        finalizedAt: '2030-02-01T00:00:00.000Z',
        finalizedBy: by,
        version: 2,
      });

      expect((await store().findByOrder(orderId)).map((x) => x.type)).toEqual(['contract', 'invoice']);
      expect((await db().tx(() => store().findByOrder(orderId, 'invoice', true))).map((x) => x.id)).toEqual([
        inv.id,
      ]);
      expect(await store().findByOrder(uuidv7())).toEqual([]);
      // a batch of events asks once which of its orders have documents at all
      expect(await store().ordersWithDocuments([uuidv7(), orderId, orderId])).toEqual([orderId]);
      expect(await store().ordersWithDocuments([])).toEqual([]);
      expect(await store().get(uuidv7())).toBeNull();
    });

    it('refuses a second document of one type for the same order (unique)', async () => {
      const orderId = uuidv7();
      await store().insert(doc(orderId, 201));
      await expect(store().insert(doc(orderId, 202))).rejects.toThrow(/duplicate key|unique/);
    });

    it('serialises two transactions on the same order and type with the advisory lock', async () => {
      const orderId = uuidv7();
      const log: string[] = [];
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      let held!: () => void;
      const isHeld = new Promise<void>((r) => (held = r));
      const first = db().tx(async () => {
        await store().lockOrderType(orderId, 'act');
        log.push('first');
        held();
        await hold;
      });
      await isHeld;
      const second = db().tx(async () => {
        await store().lockOrderType(orderId, 'act');
        log.push('second');
      });
      const other = db().tx(async () => {
        await store().lockOrderType(orderId, 'invoice');
        log.push('other type');
      });
      await other;
      await new Promise((r) => setTimeout(r, 200));
      expect(log).toEqual(['first', 'other type']);
      release();
      await Promise.all([first, second]);
      expect(log).toEqual(['first', 'other type', 'second']);
    });
  });
});
