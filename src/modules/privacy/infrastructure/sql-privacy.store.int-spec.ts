import { useIntDb } from '../../../../test/support/int-db';
import { insertUser } from '../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { ConsentInput } from '../application/ports/privacy-store.port';
import { moscowDay } from '../domain/production-calendar';
import { SqlPrivacyStore } from './sql-privacy.store';

describe('SqlPrivacyStore on the migrated schema', () => {
  const db = useIntDb();
  const store = () => new SqlPrivacyStore(db().uow);

  describe('consent texts', () => {
    it('lists the seeded intake text and switches the active version of a purpose', async () => {
      const seeded = (await store().activeConsentText('intake'))!;
      expect(seeded).toMatchObject({ purpose: 'intake', version: '1', active: true });
      expect(seeded.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const by = await insertUser(db(), 'admin');
      await db().tx(() =>
        store().insertConsentText(
          { id: uuidv7(), purpose: 'intake', version: '2', body: 'Новый текст', createdBy: by },
          true,
        ),
      );
      await store().insertConsentText(
        { id: uuidv7(), purpose: 'marketing', version: '1', body: 'Рассылка', createdBy: null },
        false,
      );
      expect((await store().activeConsentText('intake'))!.version).toBe('2');
      expect(await store().activeConsentText('marketing')).toBeNull();
      expect((await store().consentTexts('intake')).map((t) => [t.version, t.active])).toEqual([
        ['2', true],
        ['1', false],
      ]);
      expect((await store().consentTexts()).map((t) => t.purpose)).toEqual(['intake', 'intake', 'marketing']);
      await expect(
        store().insertConsentText(
          { id: uuidv7(), purpose: 'intake', version: '2', body: 'x', createdBy: null },
          false,
        ),
      ).rejects.toThrow(/duplicate key|unique/);
    });
  });

  describe('consents', () => {
    const consent = (over: Partial<ConsentInput> = {}): ConsentInput => ({
      subjectKind: 'application',
      subjectId: uuidv7(),
      clientId: null,
      purpose: 'intake',
      textVersion: '1',
      channel: 'web',
      givenAt: '2026-11-01T10:00:00.000Z',
      evidence: { ip: '203.0.113.7' },
      ...over,
    });

    it('records a consent once per subject, purpose and moment (a retry returns the first id)', async () => {
      const c = consent();
      const first = await store().insertConsent(uuidv7(), c);
      expect(first.created).toBe(true);
      const again = await store().insertConsent(uuidv7(), c);
      expect(again).toEqual({ id: first.id, created: false });
      const view = (await store().consent(first.id))!;
      expect(view).toMatchObject({
        ...c,
        id: first.id,
        withdrawnAt: null,
        destroyAfter: null,
        keptBases: [],
      });
      expect(await store().consent(uuidv7())).toBeNull();
    });

    it("links an application's consents to its client and filters the register", async () => {
      const appId = uuidv7();
      const clientId = uuidv7();
      await store().insertConsent(uuidv7(), consent({ subjectId: appId }));
      await store().insertConsent(
        uuidv7(),
        consent({ subjectId: appId, givenAt: '2026-11-02T10:00:00.000Z' }),
      );
      await store().linkApplicationConsents(appId, clientId);
      const mine = await store().consents({ clientId });
      expect(mine).toHaveLength(2);
      expect(mine.map((c) => c.givenAt)).toEqual(['2026-11-02T10:00:00.000Z', '2026-11-01T10:00:00.000Z']);
      expect(await store().consents({ subjectKind: 'application', subjectId: appId })).toHaveLength(2);
      expect(await store().consents({ subjectKind: 'client', subjectId: appId })).toEqual([]);
    });

    it('withdraws a consent with a destruction deadline, finds it when due and clears the deadline', async () => {
      const { id } = await store().insertConsent(
        uuidv7(),
        consent({ subjectKind: 'client', subjectId: uuidv7() }),
      );
      const at = new Date('2026-11-10T12:00:00.000Z');
      await store().withdrawConsent(id, {
        at,
        by: null,
        channel: 'email',
        destroyAfter: new Date('2026-12-10T12:00:00.000Z'),
        keptBases: ['договор'],
      });
      const v = (await db().tx(() => store().consent(id, true)))!;
      expect(v).toMatchObject({
        withdrawnAt: '2026-11-10T12:00:00.000Z',
        withdrawalChannel: 'email',
        destroyAfter: '2026-12-10T12:00:00.000Z',
        keptBases: ['договор'],
      });
      expect(
        (await store().consentsDueForDestruction(new Date('2026-12-01T00:00:00Z'), 10)).map((c) => c.id),
      ).not.toContain(id);
      expect(
        (await store().consentsDueForDestruction(new Date('2026-12-11T00:00:00Z'), 10)).map((c) => c.id),
      ).toContain(id);
      await store().clearDestroyDeadline([id]);
      expect(
        (await store().consentsDueForDestruction(new Date('2030-01-01T00:00:00Z'), 10)).map((c) => c.id),
      ).not.toContain(id);
    });
  });

  describe('destructions and jobs', () => {
    it('hands out increasing pseudonyms and lets one transaction at a time hold the jobs lock', async () => {
      const a = await store().nextPseudonym();
      const b = await store().nextPseudonym();
      expect(a).toMatch(/^Клиент №\d+$/);
      expect(Number(b.slice(8))).toBe(Number(a.slice(8)) + 1);

      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      let got!: (v: boolean) => void;
      const first = new Promise<boolean>((r) => (got = r));
      const holder = db().tx(async () => {
        got(await store().tryJobsLock());
        await hold;
      });
      expect(await first).toBe(true);
      expect(await db().tx(() => store().tryJobsLock())).toBe(false);
      release();
      await holder;
      expect(await db().tx(() => store().tryJobsLock())).toBe(true);
    });

    it('records one destruction per client and lists them newest first', async () => {
      const rec = (clientId: string, performedAt: string) => ({
        id: uuidv7(),
        clientId,
        pseudonym: 'Клиент №1',
        reason: 'отзыв согласия',
        basis: 'ст. 21 152-ФЗ',
        categories: ['контакты'],
        kept: ['заказы'],
        actDocumentId: null,
        performedBy: null,
        performedAt,
        keepUntil: '2031-11-10',
      });
      const c1 = uuidv7();
      const c2 = uuidv7();
      const r1 = rec(c1, '2026-11-10T10:00:00.000Z');
      await store().insertDestruction(r1);
      await store().insertDestruction(rec(c2, '2026-11-11T10:00:00.000Z'));
      expect(await store().destructionOf(c1)).toEqual(r1);
      expect(await store().destructionOf(uuidv7())).toBeNull();
      expect((await store().destructions()).slice(0, 2).map((d) => d.clientId)).toEqual([c2, c1]);
      await expect(store().insertDestruction(rec(c1, '2026-11-12T10:00:00.000Z'))).rejects.toThrow(
        /duplicate key|unique/,
      );
    });
  });

  describe('production calendar', () => {
    it('reads the seeded 2026 holidays, adds a workday, changes and removes a day', async () => {
      const may = await store().calendarDays('2026-05-01', '2026-05-31');
      expect(may.map((d) => d.day)).toEqual(['2026-05-01', '2026-05-11']);
      expect(may[0]).toEqual({ day: '2026-05-01', kind: 'holiday', note: 'Праздник Весны и Труда' });
      await store().setCalendarDay('2027-01-09', 'workday', 'рабочая суббота');
      await store().setCalendarDay('2027-01-09', 'holiday', 'передумали');
      expect(await store().calendarDays('2027-01-01', '2027-01-31')).toEqual([
        { day: '2027-01-09', kind: 'holiday', note: 'передумали' },
      ]);
      await store().setCalendarDay('2027-01-09', null, '');
      expect(await store().calendarDays('2027-01-01', '2027-01-31')).toEqual([]);
    });
  });

  describe('subject requests', () => {
    const request = (over: Record<string, unknown> = {}) => ({
      id: uuidv7(),
      kind: 'access' as const,
      clientId: null as string | null,
      channel: 'email',
      receivedAt: '2026-11-01T10:00:00.000Z',
      dueOn: '2026-11-12',
      extended: false,
      extensionReason: null,
      status: 'open' as const,
      ...over,
    });

    it('stores a request, computes overdue against today, answers it and counts the version', async () => {
      const clientId = uuidv7();
      const late = request({ clientId, dueOn: '2020-01-10' });
      const future = request({ clientId, dueOn: '2099-01-10' });
      await store().insertRequest(late, null);
      await store().insertRequest(future, null);
      const v = (await store().request(late.id))!;
      expect(v).toMatchObject({ ...late, overdue: true, answer: null, closedAt: null, version: 1 });
      expect((await store().request(future.id))!.overdue).toBe(false);
      const today = moscowDay(new Date());
      expect((await store().requests({ today, overdue: true, clientId })).map((r) => r.id)).toEqual([
        late.id,
      ]);
      expect((await store().requests({ today, overdue: false, clientId })).map((r) => r.id)).toEqual([
        future.id,
      ]);
      expect((await store().requests({ today, clientId })).map((r) => r.id)).toEqual([late.id, future.id]);

      const locked = (await db().tx(() => store().request(late.id, true)))!;
      await store().updateRequest({
        ...locked,
        status: 'answered',
        answer: 'Сведения направлены',
        closedAt: '2026-11-05T10:00:00.000Z',
        extended: true,
        extensionReason: 'запрос уточнён',
      });
      expect(await store().request(late.id)).toMatchObject({
        status: 'answered',
        answer: 'Сведения направлены',
        closedAt: '2026-11-05T10:00:00.000Z',
        overdue: false,
        version: 2,
      });
      expect((await store().requests({ today, status: 'answered', clientId })).map((r) => r.id)).toEqual([
        late.id,
      ]);
      expect(await store().request(uuidv7())).toBeNull();
    });

    it('claims the reminders of a due day once', async () => {
      const due = request({ dueOn: '2031-03-03' });
      const closed = request({ dueOn: '2031-03-03', status: 'answered' });
      await store().insertRequest(due, null);
      await store().insertRequest(closed, null);
      expect((await store().claimReminders('2031-03-03')).map((r) => r.id)).toEqual([due.id]);
      expect(await store().claimReminders('2031-03-03')).toEqual([]);
    });
  });

  describe('incidents', () => {
    it('stores an incident, claims each reminder stage once until the notice is marked sent', async () => {
      const i = {
        id: uuidv7(),
        description: 'Утечка выгрузки',
        detectedAt: '2026-11-20T08:00:00.000Z',
        categories: ['контакты'],
        approximateSubjects: 120,
        firstNoticeDue: '2026-11-21T08:00:00.000Z',
        resultsDue: '2026-11-23T08:00:00.000Z',
      };
      await store().insertIncident(i, null);
      expect(await store().incident(i.id)).toMatchObject({ ...i, firstNoticeAt: null, resultsAt: null });
      expect((await store().incidents())[0].id).toBe(i.id);
      expect(await store().claimIncidentReminders('first', new Date('2026-11-20T09:00:00Z'))).toEqual([]);
      expect(
        (await store().claimIncidentReminders('first', new Date('2026-11-21T09:00:00Z'))).map((x) => x.id),
      ).toEqual([i.id]);
      expect(await store().claimIncidentReminders('first', new Date('2026-11-21T09:00:00Z'))).toEqual([]);
      await store().markIncidentNotice(i.id, 'results', new Date('2026-11-22T08:00:00.000Z'));
      expect(await store().claimIncidentReminders('results', new Date('2026-12-01T00:00:00Z'))).toEqual([]);
      await store().markIncidentNotice(i.id, 'first', new Date('2026-11-21T07:00:00.000Z'));
      expect(await db().tx(() => store().incident(i.id, true))).toMatchObject({
        firstNoticeAt: '2026-11-21T07:00:00.000Z',
        resultsAt: '2026-11-22T08:00:00.000Z',
      });
      expect(await store().incident(uuidv7())).toBeNull();
    });
  });
});
