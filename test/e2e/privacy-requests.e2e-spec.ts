import { CommandBus } from '@nestjs/cqrs';
import type { CrmClient } from '../../client';
import { SAMPLE_AGENCY, sampleDocumentData } from '../../src/modules/documents/domain/sample-document-data';
import { RunPrivacyJobsCommand } from '../../src/modules/privacy/application/commands/run-privacy-jobs/run-privacy-jobs.command';
import { OBJECT_STORAGE, type ObjectStorage } from '../../src/shared/storage/object-storage.port';
import { dbRows } from '../support/clients';
import { PDF_BYTES, postFile, userWithToken } from '../support/uploads';
import { startTestApp, type TestApp } from '../support/test-app';

describe('privacy: subject requests, production calendar and retention (e2e)', () => {
  let t: TestApp;
  let supervisor: CrmClient;
  let operator: { client: CrmClient; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = (await t.userClient('supervisor')).client;
    operator = await userWithToken(t, 'operator');
    await t.admin.PUT('/api/v1/settings/agency', { body: SAMPLE_AGENCY as never });
  });
  afterAll(() => t.close());

  const register = (receivedAt: string, kind: 'access' | 'destruction' = 'access') =>
    supervisor.POST('/api/v1/privacy/requests', { body: { kind, channel: 'email', receivedAt } });

  it('counts 10 working days on the seeded 2026 calendar when a request arrives on a Friday before a Monday holiday', async () => {
    const cal = await supervisor.GET('/api/v1/privacy/calendar', { params: { query: { year: '2026' } } });
    expect(cal.data!.map((d) => d.day)).toEqual(
      expect.arrayContaining(['2026-02-23', '2026-05-11', '2026-06-12']),
    );
    // Friday 20 Feb 2026, 18:00 Moscow: 23 Feb and 9 Mar are days off → due Tuesday 10 March
    const r = await register('2026-02-20T18:00:00+03:00');
    expect(r.response.status).toBe(201);
    expect(r.data).toMatchObject({ dueOn: '2026-03-10', status: 'open', extended: false, overdue: true });
    // late on Thursday 11 June UTC is already Friday 12 June (a holiday) in Moscow
    const late = await register('2026-06-11T22:30:00Z');
    expect(late.data!.dueOn).toBe('2026-06-26');
    const bad = await supervisor.POST('/api/v1/privacy/requests', {
      body: { kind: 'access', channel: 'email', receivedAt: '2026-02-20' },
    });
    expect(bad.response.status).toBe(422);
    expect(JSON.stringify(bad.error)).toContain('receivedAt');
    expect((await operator.client.GET('/api/v1/privacy/requests')).response.status).toBe(403);
  });

  it('moves the due date when the agency adds a transferred working Saturday, extends once by 5 working days, and lists overdue requests', async () => {
    const set = await supervisor.PUT('/api/v1/privacy/calendar/{day}', {
      params: { path: { day: '2026-10-24' } },
      body: { kind: 'workday', note: 'рабочая суббота' },
    });
    expect(set.response.status).toBe(200);
    const wrong = await supervisor.PUT('/api/v1/privacy/calendar/{day}', {
      params: { path: { day: '2026-02-30' } },
      body: { kind: 'holiday' },
    });
    expect(wrong.response.status).toBe(422);
    // Friday 16 Oct: without the working Saturday due 30 Oct; with it 29 Oct
    const r = await register('2026-10-16T10:00:00+03:00');
    expect(r.data!.dueOn).toBe('2026-10-29');
    const ext = await supervisor.POST('/api/v1/privacy/requests/{id}/extend', {
      params: { path: { id: r.data!.id } },
      body: { reason: 'нужны сведения от поставщика' },
    });
    // 5 working days after Thu 29 Oct: 30 Oct, 2, 3, 5, 6 Nov (4 Nov is a holiday)
    expect(ext.data).toMatchObject({
      dueOn: '2026-11-06',
      extended: true,
      extensionReason: 'нужны сведения от поставщика',
    });
    const twice = await supervisor.POST('/api/v1/privacy/requests/{id}/extend', {
      params: { path: { id: r.data!.id } },
      body: { reason: 'ещё раз' },
    });
    expect(twice.response.status).toBe(409);

    const overdue = await supervisor.GET('/api/v1/privacy/requests', {
      params: { query: { overdue: 'true' } },
    });
    expect(overdue.data!.length).toBeGreaterThan(0);
    expect(overdue.data!.every((x) => x.overdue && x.status === 'open')).toBe(true);
    const closed = await supervisor.POST('/api/v1/privacy/requests/{id}/close', {
      params: { path: { id: overdue.data![0].id } },
      body: { status: 'answered', answer: 'Сведения направлены по почте' },
    });
    expect(closed.data).toMatchObject({ status: 'answered', overdue: false });
    const after = await supervisor.GET('/api/v1/privacy/requests', {
      params: { query: { overdue: 'true' } },
    });
    expect(after.data!.map((x) => x.id)).not.toContain(overdue.data![0].id);
  });

  it('notifies once on the working day before a request is due', async () => {
    const r = await register('2026-06-11T10:00:00+03:00');
    expect(r.data!.dueOn).toBe('2026-06-26');
    const bus = t.app.get(CommandBus);
    const day = await bus.execute(
      new RunPrivacyJobsCommand({ dryRun: false, now: new Date('2026-06-25T09:00:00+03:00') }),
    );
    expect(day.remindersSent).toBeGreaterThanOrEqual(1);
    const again = await bus.execute(
      new RunPrivacyJobsCommand({ dryRun: false, now: new Date('2026-06-25T15:00:00+03:00') }),
    );
    expect(again.remindersSent).toBe(0);
    const events = await dbRows<{ payload: { notice: string } }>(
      t.db.url,
      `SELECT payload FROM outbox WHERE name = 'privacy.request-due-soon' AND aggregate_id = $1`,
      [r.data!.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload.notice).toContain('истекает 2026-06-26');
  });

  it('destroys never-converted applications older than the retention period with their attachments, and the dry run counts the same', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await operator.client.POST('/api/v1/applications', {
        body: {
          source: 'manual',
          text: `Старая заявка ${i}`,
          contact: { name: 'Ретенцова Мария', phone: `+7 900 000-00-0${i}` },
        } as never,
      });
      ids.push(a.data!.id);
    }
    const fresh = await operator.client.POST('/api/v1/applications', {
      body: { source: 'manual', text: 'Свежая заявка', contact: { name: 'Свежий Клиент' } } as never,
    });
    const up = await postFile(t, operator.token, `/api/v1/applications/${ids[0]}/attachments`, {
      bytes: PDF_BYTES,
      name: 'scan.pdf',
      type: 'application/pdf',
    });
    expect(up.status).toBe(201);
    const [att] = await dbRows<{ key: string }>(
      t.db.url,
      `SELECT attachments->0->>'key' AS key FROM applications WHERE id = $1`,
      [ids[0]],
    );
    await dbRows(
      t.db.url,
      `UPDATE applications SET created_at = now() - interval '200 days' WHERE id = ANY($1::uuid[])`,
      [ids],
    );

    const dry = await supervisor.POST('/api/v1/privacy/retention/run', { body: { dryRun: true } });
    expect(dry.data).toMatchObject({
      dryRun: true,
      ran: true,
      applications: 3,
      applicationAttachments: 1,
      actDocumentId: null,
    });
    const real = await supervisor.POST('/api/v1/privacy/retention/run', { body: { dryRun: false } });
    expect(real.data).toMatchObject({ dryRun: false, applications: 3, applicationAttachments: 1 });
    expect(real.data!.actDocumentId).toEqual(expect.any(String));
    const rows = await dbRows<{ id: string; text: string | null; erased: boolean }>(
      t.db.url,
      `SELECT id, text, erased_at IS NOT NULL AS erased FROM applications WHERE id = ANY($1::uuid[]) OR id = $2`,
      [ids, fresh.data!.id],
    );
    expect(
      rows
        .filter((r) => r.erased)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(rows.find((r) => r.id === fresh.data!.id)).toMatchObject({ text: 'Свежая заявка', erased: false });
    expect(await t.app.get<ObjectStorage>(OBJECT_STORAGE).exists(att.key)).toBe(false);
    const got = await operator.client.GET('/api/v1/applications/{id}', { params: { path: { id: ids[1] } } });
    expect(JSON.stringify(got.data)).not.toContain('Ретенцова');
    const act = await supervisor.GET('/api/v1/documents/{id}', {
      params: { path: { id: real.data!.actDocumentId! } },
    });
    expect(act.data).toMatchObject({ type: 'destruction_act', final: true });
    const next = await supervisor.POST('/api/v1/privacy/retention/run', { body: { dryRun: true } });
    expect(next.data).toMatchObject({ applications: 0 });
  });

  it('registers an incident with 24 h / 72 h deadlines, a prefilled Russian notice and an operator notice, and records the notices sent', async () => {
    const bad = await supervisor.POST('/api/v1/privacy/incidents', {
      body: {
        description: 'Коротко',
        detectedAt: '2026-12-01T12:30:00+03:00',
        categories: [],
        approximateSubjects: -1,
      },
    });
    expect(bad.response.status).toBe(422);
    const r = await supervisor.POST('/api/v1/privacy/incidents', {
      body: {
        description: 'Выгрузка клиентов ушла на чужой адрес электронной почты.',
        detectedAt: '2026-12-01T12:30:00+03:00',
        categories: ['фамилия, имя, отчество', 'номера телефонов'],
        approximateSubjects: 120,
      },
    });
    expect(r.response.status).toBe(201);
    expect(r.data).toMatchObject({
      firstNoticeDue: '2026-12-02T09:30:00.000Z',
      resultsDue: '2026-12-04T09:30:00.000Z',
      firstNoticeAt: null,
    });
    expect(r.data!.noticeText).toContain(sampleDocumentData().agency.legalName);
    expect(r.data!.noticeText).toContain('около 120');
    const notices = await dbRows(
      t.db.url,
      `SELECT 1 FROM outbox WHERE name = 'privacy.incident-notice-due' AND aggregate_id = $1`,
      [r.data!.id],
    );
    expect(notices).toHaveLength(1);
    const sent = await supervisor.POST('/api/v1/privacy/incidents/{id}/notices', {
      params: { path: { id: r.data!.id } },
      body: { stage: 'first' },
    });
    expect(sent.data!.firstNoticeAt).toEqual(expect.any(String));
    const list = await supervisor.GET('/api/v1/privacy/incidents');
    expect(list.data!.map((i) => i.id)).toContain(r.data!.id);
  });
});
