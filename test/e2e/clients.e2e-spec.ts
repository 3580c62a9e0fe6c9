import { QueryBus } from '@nestjs/cqrs';
import { GetClientSummariesQuery } from '../../src/modules/clients/application/queries/get-client-summaries/get-client-summaries.query';
import {
  clientBody,
  containsToken,
  dbRows,
  pgDump,
  randomEmail,
  randomPassport,
  randomPhone,
} from '../support/clients';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import type { CrmClient } from '../../client';

describe('clients (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let supervisor: CrmClient;
  let accountant: CrmClient;

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.userClient('operator')).client;
    supervisor = (await t.userClient('supervisor')).client;
    accountant = (await t.userClient('accountant')).client;
  });
  afterAll(() => t.close());

  async function create(overrides: Record<string, unknown> = {}, as: CrmClient = operator) {
    const c = clientBody(overrides);
    const r = await as.POST('/api/v1/clients', { body: c.body });
    if (r.response.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.error)}`);
    return { ...c, client: r.data! };
  }

  async function audit(query: { action?: string; entityId?: string }) {
    const r = await t.admin.GET('/api/v1/audit', {
      params: { query: { ...query, entity: 'client', limit: 200 } },
    });
    return r.data!.items;
  }

  it('creates a client with normalised contacts and answers with the full record when the role may see it', async () => {
    const { client, phone, passport, body } = await create({ emails: ['  Ivan.Petrov@Example-Mail.RU '] });
    expect(client).toMatchObject({
      access: 'full',
      fullName: 'Иванов Иван Иванович',
      latinName: 'IVANOV IVAN',
      birthDate: '1985-05-17',
      emails: ['ivan.petrov@example-mail.ru'],
      phones: [phone.e164],
      telegram: '@ivanov_test',
      consent: body.consent,
      version: 1,
    });
    expect(client.passports).toEqual([
      {
        kind: 'internal',
        series: passport.series,
        number: passport.number,
        issuedAt: '2015-03-01',
        expiresAt: null,
        issuedBy: 'ОУФМС России',
        numberMasked: `${passport.series.slice(0, 2)} ** ***${passport.number.slice(-3)}`,
      },
    ]);
  });

  it('answers invalid personal data with 422 naming each bad field and writes nothing', async () => {
    const before = await dbRows<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM clients`);
    const r = await operator.POST('/api/v1/clients', {
      body: {
        fullName: '  ',
        emails: ['not-an-email'],
        phones: ['+7 123'],
        passports: [{ kind: 'internal', series: '45', number: '12' }],
        birthDate: '2999-01-01',
      },
    });
    expect(r.response.status).toBe(422);
    expect(r.error!.errors!.map((e) => e.field).sort()).toEqual(
      [
        'birthDate',
        'emails[0]',
        'fullName',
        'passports[0].number',
        'passports[0].series',
        'phones[0]',
      ].sort(),
    );
    const after = await dbRows<{ n: string }>(t.db.url, `SELECT count(*) AS n FROM clients`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('stores passports, birth date, e-mails and phones only encrypted: the table and a pg_dump hold no plaintext', async () => {
    const email = randomEmail();
    const { client, phone, passport } = await create({ emails: [email], whatsapp: null });
    const [row] = await dbRows<{ pii: string; key_id: string }>(
      t.db.url,
      `SELECT pii, key_id FROM clients WHERE id = $1`,
      [client.id],
    );
    expect(row.key_id).toBe('k1');
    expect(row.pii).toMatch(/^v1:k1:/);
    // the audit entry exists before the dump, so the dump covers the audit log and the outbox too
    await eventually(
      async () => (await audit({ action: 'clients.created', entityId: client.id })).length > 0,
    );
    const dump = pgDump(t.db.url);
    expect(dump).toContain(client.id);
    const national = phone.e164.slice(2);
    for (const secret of [email, `${passport.series}${passport.number}`, national, phone.e164]) {
      expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(containsToken(dump, passport.number)).toBe(false);
    expect(containsToken(dump, '1985-05-17')).toBe(false);
  });

  it('finds one client by each spelling of a phone, by e-mail in any case and by passport, exactly', async () => {
    const phone = randomPhone();
    const passport = randomPassport();
    const email = randomEmail();
    const { client } = await create({
      phones: [phone.spaced],
      emails: [email],
      passports: [{ kind: 'internal', ...passport }],
    });
    for (const spelling of [phone.local, phone.spaced, phone.bare, phone.e164]) {
      for (const query of [{ phone: spelling }, { q: spelling }]) {
        const r = await operator.GET('/api/v1/clients', { params: { query } });
        expect(r.data!.items.map((c) => c.id)).toEqual([client.id]);
      }
    }
    const byEmail = await operator.GET('/api/v1/clients', {
      params: { query: { email: email.toUpperCase() } },
    });
    expect(byEmail.data!.items.map((c) => c.id)).toEqual([client.id]);
    const byPassport = await operator.GET('/api/v1/clients', {
      params: { query: { passport: `${passport.series} ${passport.number}` } },
    });
    expect(byPassport.data!.items.map((c) => c.id)).toEqual([client.id]);
    const none = await operator.GET('/api/v1/clients', { params: { query: { phone: randomPhone().e164 } } });
    expect(none.data).toEqual({ items: [], total: 0, nextCursor: null });
    const garbage = await operator.GET('/api/v1/clients', { params: { query: { phone: 'call me' } } });
    expect(garbage.data!.total).toBe(0);
  });

  it('searches names case- and ё/е-insensitively, in Cyrillic and Latin, and paginates', async () => {
    const tag = `Тест${Date.now().toString(36)}`;
    const { client: a } = await create({ fullName: `Семёнов Пётр ${tag}`, latinName: 'SEMENOV PETR' });
    const { client: b } = await create({ fullName: `Семенова Алёна ${tag}`, latinName: null });
    for (const q of ['семенов', 'СЕМЁНОВ', tag.toLowerCase()]) {
      const r = await operator.GET('/api/v1/clients', { params: { query: { q, limit: 200 } } });
      const ids = r.data!.items.map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    }
    const petr = await operator.GET('/api/v1/clients', { params: { query: { q: `петр ${tag}` } } });
    expect(petr.data!.items.map((c) => c.id)).toEqual([a.id]);
    const latin = await operator.GET('/api/v1/clients', { params: { query: { q: 'semenov petr' } } });
    expect(latin.data!.items.map((c) => c.id)).toContain(a.id);
    const page1 = await operator.GET('/api/v1/clients', {
      params: { query: { q: tag, limit: 1, sort: 'fullName' } },
    });
    expect(page1.data!.total).toBe(2);
    expect(page1.data!.items.map((c) => c.id)).toEqual([a.id]);
    const page2 = await operator.GET('/api/v1/clients', {
      params: { query: { q: tag, limit: 1, sort: 'fullName', cursor: page1.data!.nextCursor! } },
    });
    expect(page2.data!.items.map((c) => c.id)).toEqual([b.id]);
    expect(page2.data!.nextCursor).toBeNull();
  });

  it('answers 409 with the matching client id and the field when an e-mail, phone or passport is taken', async () => {
    const { client: first, phone, passport, body } = await create();
    const cases = [
      { field: 'email', path: 'emails[0]', overrides: { emails: [`  ${body.emails[0].toUpperCase()} `] } },
      { field: 'phone', path: 'phones[0]', overrides: { phones: [phone.bare] } },
      {
        field: 'passport',
        path: 'passports[0]',
        overrides: {
          passports: [
            {
              kind: 'internal',
              series: ` ${passport.series} `,
              number: `${passport.number.slice(0, 3)} ${passport.number.slice(3)}`,
            },
          ],
        },
      },
    ];
    for (const c of cases) {
      const r = await operator.POST('/api/v1/clients', { body: clientBody(c.overrides).body });
      expect(r.response.status).toBe(409);
      expect(r.error).toMatchObject({
        code: 'CLIENTS.DUPLICATE',
        matchingClientId: first.id,
        field: c.field,
        errors: [{ field: c.path, message: expect.stringContaining(first.id) }],
      });
    }
    // the same rule on update: another client taking this phone
    const { client: other } = await create();
    const patch = await operator.PATCH('/api/v1/clients/{id}', {
      params: { path: { id: other.id } },
      body: { phones: [phone.e164], version: other.version },
    });
    expect(patch.response.status).toBe(409);
    expect(patch.error).toMatchObject({ matchingClientId: first.id, field: 'phone' });
  });

  it('lets only one of several concurrent creates with the same phone through', async () => {
    const phone = randomPhone();
    const results = await Promise.all(
      [phone.e164, phone.local, phone.bare, phone.spaced].map((p) =>
        operator.POST('/api/v1/clients', { body: clientBody({ phones: [p] }).body }),
      ),
    );
    expect(results.map((r) => r.response.status).sort()).toEqual([201, 409, 409, 409]);
    const found = await operator.GET('/api/v1/clients', { params: { query: { phone: phone.e164 } } });
    expect(found.data!.total).toBe(1);
  });

  it('saves a duplicate with ?allowDuplicate=true and audits it as clients.duplicate-allowed', async () => {
    const { client: first, phone } = await create();
    const r = await operator.POST('/api/v1/clients', {
      body: clientBody({ phones: [phone.e164] }).body,
      params: { query: { allowDuplicate: true } },
    });
    expect(r.response.status).toBe(201);
    const entries = await eventually(async () => {
      const e = await audit({ action: 'clients.duplicate-allowed', entityId: r.data!.id });
      return e.length > 0 ? e : null;
    });
    expect(entries[0].diff).toEqual({ matches: [{ clientId: first.id, field: 'phone' }] });
    // both are found by the phone now
    const found = await operator.GET('/api/v1/clients', { params: { query: { phone: phone.local } } });
    expect(found.data!.items.map((c) => c.id).sort()).toEqual([first.id, r.data!.id].sort());
    // an unrelated edit of the duplicate is not blocked by the duplicate allowed earlier
    const edit = await operator.PATCH('/api/v1/clients/{id}', {
      params: { path: { id: r.data!.id } },
      body: { notes: 'другой человек, тот же телефон', version: r.data!.version },
    });
    expect(edit.response.status).toBe(200);
  });

  it('shows full data to operators and supervisors, contacts but no passports or birth date to accountants', async () => {
    const { client, phone, passport } = await create();
    for (const who of [operator, supervisor]) {
      const r = await who.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
      expect(r.data!.access).toBe('full');
      expect(r.data!.passports![0].number).toBe(passport.number);
      expect(r.data!.birthDate).toBe('1985-05-17');
    }
    const acc = await accountant.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
    expect(acc.response.status).toBe(200);
    expect(acc.data!.access).toBe('contacts');
    expect(acc.data!.phones).toEqual([phone.e164]);
    expect(acc.data).not.toHaveProperty('passports');
    expect(acc.data).not.toHaveProperty('birthDate');
    expect(JSON.stringify(acc.data)).not.toContain(passport.number);
    // accountants may not write
    const write = await accountant.POST('/api/v1/clients', { body: clientBody().body });
    expect(write.response.status).toBe(403);
  });

  it('masks passports and phones in lists, and leaves passports out of them for accountants', async () => {
    const { client, phone, passport, body } = await create();
    const masked = `${passport.series.slice(0, 2)} ** ***${passport.number.slice(-3)}`;
    const op = await operator.GET('/api/v1/clients', { params: { query: { phone: phone.e164 } } });
    const [item] = op.data!.items;
    expect(item.id).toBe(client.id);
    expect(item.passports).toEqual([{ kind: 'internal', numberMasked: masked, expiresAt: null }]);
    expect(item.phones).toEqual([`+7 ${phone.e164.slice(2, 5)} ***-**-${phone.e164.slice(-2)}`]);
    expect(item.emails).toEqual([`${body.emails[0][0]}***@example-mail.ru`]);
    expect(JSON.stringify(op.data)).not.toContain(passport.number);
    expect(JSON.stringify(op.data)).not.toContain(phone.e164);
    const acc = await accountant.GET('/api/v1/clients', { params: { query: { phone: phone.e164 } } });
    expect(acc.data!.items[0].id).toBe(client.id);
    expect(acc.data!.items[0]).not.toHaveProperty('passports');
  });

  it('leaves one pii.read audit entry per response that reveals full personal data, none for lists', async () => {
    const { client } = await create();
    await operator.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
    await supervisor.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
    await operator.GET('/api/v1/clients', { params: { query: { q: 'иванов' } } });
    await accountant.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
    // creating answered with the full record too: 1 (create) + 2 (operator, supervisor) + 1 (accountant, contacts)
    const entries = await eventually(async () => {
      const e = await audit({ action: 'pii.read', entityId: client.id });
      return e.length >= 4 ? e : null;
    });
    expect(entries).toHaveLength(4);
    const byRole = Object.fromEntries(entries.map((e) => [e.role, e.diff]));
    expect(byRole.supervisor).toEqual({
      fields: ['passports', 'birthDate', 'emails', 'phones'],
      via: 'getClient',
    });
    expect(byRole.accountant).toEqual({ fields: ['emails', 'phones'], via: 'getClient' });
  });

  it('updates with the version, answers a stale version with 409 and audits a masked diff', async () => {
    const { client, phone } = await create();
    const newPhone = randomPhone();
    const r = await operator.PATCH('/api/v1/clients/{id}', {
      params: { path: { id: client.id } },
      body: {
        phones: [phone.e164, newPhone.local],
        fullName: 'Иванов Иван Петрович',
        version: client.version,
      },
    });
    expect(r.response.status).toBe(200);
    expect(r.data).toMatchObject({
      version: 2,
      phones: [phone.e164, newPhone.e164],
      fullName: 'Иванов Иван Петрович',
    });
    const stale = await operator.PATCH('/api/v1/clients/{id}', {
      params: { path: { id: client.id } },
      body: { notes: 'stale', version: 1 },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ code: 'COMMON.VERSION_CONFLICT', currentVersion: 2 });
    const viaHeader = await operator.PATCH('/api/v1/clients/{id}', {
      params: { path: { id: client.id } },
      headers: { 'if-match': '"2"' },
      body: { notes: null },
    });
    expect(viaHeader.data!.notes).toBeNull();
    const [updated] = await eventually(async () => {
      const e = await audit({ action: 'clients.updated', entityId: client.id });
      return e.length >= 2 ? e.filter((x) => (x.diff as Record<string, unknown>).phones) : null;
    });
    expect(updated.diff).toEqual({
      fullName: { from: 'Иванов Иван Иванович', to: 'Иванов Иван Петрович' },
      phones: {
        from: [expect.stringMatching(/\*\*\*-\*\*-\d\d$/)],
        to: [expect.stringMatching(/\*\*\*-\*\*-\d\d$/), expect.stringMatching(/\*\*\*-\*\*-\d\d$/)],
      },
    });
    expect(JSON.stringify(updated)).not.toContain(newPhone.e164.slice(2));
  });

  it('deletes a client: gone from reads and search, personal data erased, its phone free again', async () => {
    const { client, phone } = await create();
    const del = await operator.DELETE('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
    expect(del.response.status).toBe(204);
    expect(
      (await operator.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } })).response.status,
    ).toBe(404);
    const search = await operator.GET('/api/v1/clients', { params: { query: { phone: phone.e164 } } });
    expect(search.data!.total).toBe(0);
    const [row] = await dbRows<{ pii: string | null; full_name: string; deleted_at: Date | null }>(
      t.db.url,
      `SELECT pii, full_name, deleted_at FROM clients WHERE id = $1`,
      [client.id],
    );
    expect(row).toMatchObject({ pii: null, full_name: 'Иванов Иван Иванович', deleted_at: expect.any(Date) });
    const again = await operator.POST('/api/v1/clients', { body: clientBody({ phones: [phone.e164] }).body });
    expect(again.response.status).toBe(201);
    expect(
      (await operator.DELETE('/api/v1/clients/{id}', { params: { path: { id: client.id } } })).response
        .status,
    ).toBe(404);
  });

  it('answers GetClientSummariesQuery with names and masked passports only', async () => {
    const expiring = {
      kind: 'foreign' as const,
      series: '75',
      number: '1234567',
      issuedAt: '2020-01-10',
      expiresAt: '2030-01-10',
    };
    const { client, passport } = await create({
      passports: [{ kind: 'internal', ...randomPassport() }, expiring],
    });
    const own = client.passports![0];
    const summaries = await t.app
      .get(QueryBus)
      .execute(new GetClientSummariesQuery([client.id, '01890000-0000-7000-8000-000000000000']));
    expect(summaries).toEqual([
      {
        id: client.id,
        fullName: 'Иванов Иван Иванович',
        mergedInto: null,
        passports: [
          { kind: 'internal', expiresAt: null, numberMasked: own.numberMasked },
          { kind: 'foreign', expiresAt: '2030-01-10', numberMasked: '75 ****567' },
        ],
      },
    ]);
    expect(JSON.stringify(summaries)).not.toContain(own.number);
    expect(JSON.stringify(summaries)).not.toContain(passport.number);
  });

  it('never writes a client’s passport, phone or e-mail to the logs', async () => {
    const { client, phone, passport, body } = await create();
    await operator.GET('/api/v1/clients', { params: { query: { phone: phone.local } } });
    await operator.GET('/api/v1/clients', { params: { query: { email: body.emails[0] } } });
    await operator.POST('/api/v1/clients', { body: clientBody({ phones: [phone.e164] }).body }); // 409
    await operator.GET('/api/v1/clients/{id}', { params: { path: { id: client.id } } });
    const all = JSON.stringify(t.logs);
    expect(t.logs.length).toBeGreaterThan(10);
    for (const s of [phone.e164.slice(2), body.emails[0], `${passport.series}${passport.number}`]) {
      expect(all).not.toContain(s);
    }
    expect(containsToken(all, passport.number)).toBe(false);
  });
});
