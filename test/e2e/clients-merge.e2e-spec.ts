import { Injectable, Module } from '@nestjs/common';
import {
  ClientReferenceMover,
  type ClientReferenceMoverPort,
} from '../../src/shared/contracts/client-references';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import type { CrmClient } from '../../client';
import { clientBody, dbRows, randomPassport, randomPhone } from '../support/clients';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { PDF_BYTES, PNG_BYTES, postFile, userWithToken } from '../support/uploads';

/** Stands in for orders / applications: re-points rows of `probe_client_refs` in the merge's transaction. */
@Injectable()
@ClientReferenceMover({ name: 'probe' })
class ProbeMover implements ClientReferenceMoverPort {
  static failAfterMoving = false;
  static seenInTransaction: boolean[] = [];

  constructor(private readonly uow: UnitOfWork) {}

  async moveClientReferences(from: string, to: string): Promise<number> {
    ProbeMover.seenInTransaction.push(this.uow.inTransaction);
    const r = await this.uow.sql(`UPDATE probe_client_refs SET client_id = $2 WHERE client_id = $1`, [
      from,
      to,
    ]);
    if (ProbeMover.failAfterMoving) throw new Error('probe mover failed');
    return r.rowCount;
  }
}

@Module({ providers: [ProbeMover] })
class ProbeMoverModule {}

describe('clients merge (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;
  let operatorToken: string;
  let supervisor: CrmClient;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeMoverModule] });
    await dbRows(t.db.url, `CREATE TABLE probe_client_refs (id serial PRIMARY KEY, client_id uuid NOT NULL)`);
    ({ client: operator, token: operatorToken } = await userWithToken(t, 'operator'));
    supervisor = (await t.userClient('supervisor')).client;
  });
  afterAll(() => t.close());
  afterEach(() => {
    ProbeMover.failAfterMoving = false;
  });

  async function create(overrides: Record<string, unknown> = {}, allowDuplicate = false) {
    const c = clientBody(overrides);
    const r = await operator.POST('/api/v1/clients', {
      body: c.body,
      params: { query: allowDuplicate ? { allowDuplicate: true } : {} },
    });
    if (r.response.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.error)}`);
    return { ...c, client: r.data! };
  }

  async function merge(survivorId: string, duplicateId: string, extra: Record<string, unknown> = {}) {
    return supervisor.POST('/api/v1/clients/{id}/merge', {
      params: { path: { id: survivorId } },
      body: { duplicateId, ...extra },
    });
  }

  async function upload(clientId: string, bytes: Buffer, name: string) {
    const r = await postFile(t, operatorToken, `/api/v1/clients/${clientId}/documents`, { bytes, name });
    expect(r.status).toBe(201);
    return r.body as { id: string };
  }

  async function audit(action: string, entityId: string) {
    const r = await t.admin.GET('/api/v1/audit', {
      params: { query: { action, entityId, entity: 'client', limit: 50 } },
    });
    return r.data!.items;
  }

  async function filesOf(clientId: string): Promise<string[]> {
    const r = await operator.GET('/api/v1/clients/{id}/documents', { params: { path: { id: clientId } } });
    return r.data!.items.map((f) => f.id).sort();
  }

  it('moves contacts, passports, files and other modules’ rows to the survivor and leaves a redirecting tombstone', async () => {
    const shared = randomPhone();
    const { client: survivor, passport: p1 } = await create({ phones: [shared.e164], notes: 'основной' });
    const dupPhone = randomPhone();
    const p2 = randomPassport();
    const { client: duplicate, body: dupBody } = await create(
      {
        phones: [shared.local, dupPhone.local],
        passports: [{ kind: 'internal', ...p2 }],
        notes: 'дубль',
        birthDate: null,
        latinName: null,
        consent: null,
      },
      true,
    );
    const fileA = await upload(survivor.id, PDF_BYTES, 'паспорт.pdf');
    const fileB = await upload(duplicate.id, PNG_BYTES, 'виза.png');
    const fileC = await upload(duplicate.id, PDF_BYTES, 'загран.pdf');
    await dbRows(t.db.url, `INSERT INTO probe_client_refs (client_id) VALUES ($1), ($1), ($2)`, [
      duplicate.id,
      survivor.id,
    ]);
    // the real movers of the orders and applications modules run too
    const order = await operator.POST('/api/v1/orders', {
      body: { clientId: duplicate.id, currency: 'RUB' },
    });
    expect(order.response.status).toBe(201);
    const application = await operator.POST('/api/v1/applications', {
      body: { source: 'manual', text: 'Хотим в Казань', clientId: duplicate.id },
    });
    expect(application.response.status).toBe(201);

    const r = await merge(survivor.id, duplicate.id, { version: survivor.version });
    expect(r.response.status).toBe(200);
    expect(ProbeMover.seenInTransaction.at(-1)).toBe(true);
    expect(r.data!.id).toBe(survivor.id);
    expect(r.data!.version).toBe(survivor.version + 1);
    // phones de-duplicated by their normalised value; passports and e-mails folded in; notes appended
    expect(r.data!.phones).toEqual([shared.e164, dupPhone.e164]);
    expect(r.data!.emails).toEqual([survivor.emails[0], dupBody.emails[0]]);
    expect(r.data!.passports!.map((p) => p.number)).toEqual([p1.number, p2.number]);
    expect(r.data!.notes).toBe('основной\n\nдубль');

    expect(await filesOf(survivor.id)).toEqual([fileA.id, fileB.id, fileC.id].sort());
    const refs = await dbRows<{ client_id: string }>(t.db.url, `SELECT client_id FROM probe_client_refs`);
    expect(refs.map((x) => x.client_id)).toEqual([survivor.id, survivor.id, survivor.id]);
    const movedOrder = await operator.GET('/api/v1/orders/{id}', {
      params: { path: { id: order.data!.id } },
    });
    expect(movedOrder.data).toMatchObject({ clientId: survivor.id, travellerIds: [survivor.id] });
    const movedApplication = await operator.GET('/api/v1/applications/{id}', {
      params: { path: { id: application.data!.id } },
    });
    expect(movedApplication.data!.clientId).toBe(survivor.id);

    // the duplicate is a tombstone: no personal data, no identifiers, pointing at the survivor
    const [tomb] = await dbRows<{ merged_into: string; pii: string | null }>(
      t.db.url,
      `SELECT merged_into, pii FROM clients WHERE id = $1`,
      [duplicate.id],
    );
    expect(tomb).toEqual({ merged_into: survivor.id, pii: null });
    const ids = await dbRows(t.db.url, `SELECT 1 FROM client_identifiers WHERE client_id = $1`, [
      duplicate.id,
    ]);
    expect(ids).toHaveLength(0);
    // the duplicate's phone and passport find the survivor only
    for (const query of [{ phone: dupPhone.bare }, { passport: `${p2.series}${p2.number}` }]) {
      const found = await operator.GET('/api/v1/clients', { params: { query } });
      expect(found.data!.items.map((c) => c.id)).toEqual([survivor.id]);
    }

    // GET on the old id → 301 to the survivor
    const res = await fetch(`${t.baseUrl}/api/v1/clients/${duplicate.id}`, {
      headers: { authorization: `Bearer ${operatorToken}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/api/v1/clients/${survivor.id}`);
    expect(await res.json()).toEqual({ survivorId: survivor.id, location: `/api/v1/clients/${survivor.id}` });

    // audit: a masked diff on the survivor, the tombstone on the duplicate
    const [merged] = await eventually(async () => {
      const e = await audit('clients.merged', survivor.id);
      return e.length > 0 ? e : null;
    });
    const diff = merged.diff as Record<string, { from: unknown; to: unknown }>;
    expect(diff.movedReferences).toEqual({
      from: null,
      to: { applications: 1, files: 2, orders: 1, probe: 2 },
    });
    expect(diff.phones.to).toEqual([
      expect.stringMatching(/^\+7 \d{3} \*\*\*-\*\*-\d\d$/),
      expect.stringMatching(/^\+7 \d{3} \*\*\*-\*\*-\d\d$/),
    ]);
    expect(JSON.stringify(merged)).not.toContain(p2.number);
    expect(JSON.stringify(merged)).not.toContain(dupPhone.e164.slice(2));
    const into = await eventually(async () => {
      const e = await audit('clients.merged-into', duplicate.id);
      return e.length > 0 ? e : null;
    });
    expect(into[0].diff).toEqual({ survivorId: survivor.id, duplicateId: duplicate.id });
  });

  it('rolls the whole merge back when a reference mover fails', async () => {
    const { client: survivor } = await create();
    const { client: duplicate } = await create();
    const file = await upload(duplicate.id, PDF_BYTES, 'скан.pdf');
    await dbRows(t.db.url, `INSERT INTO probe_client_refs (client_id) VALUES ($1)`, [duplicate.id]);
    ProbeMover.failAfterMoving = true;
    const r = await merge(survivor.id, duplicate.id);
    expect(r.response.status).toBe(500);
    const rows = await dbRows<{ id: string; merged_into: string | null; version: number }>(
      t.db.url,
      `SELECT id, merged_into, version FROM clients WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[survivor.id, duplicate.id]],
    );
    expect(rows.map((x) => [x.merged_into, x.version])).toEqual([
      [null, 1],
      [null, 1],
    ]);
    const refs = await dbRows(t.db.url, `SELECT 1 FROM probe_client_refs WHERE client_id = $1`, [
      duplicate.id,
    ]);
    expect(refs).toHaveLength(1);
    expect(await filesOf(duplicate.id)).toEqual([file.id]);
    expect(await filesOf(survivor.id)).toEqual([]);
    ProbeMover.failAfterMoving = false;
    expect((await merge(survivor.id, duplicate.id)).response.status).toBe(200);
    expect(await filesOf(survivor.id)).toEqual([file.id]);
  });

  it('answers 422 for a merge into itself, 404 for a missing client, 409 for an already merged duplicate or a stale version', async () => {
    const { client: a } = await create();
    const { client: b } = await create();
    const { client: c } = await create();
    const self = await merge(a.id, a.id);
    expect(self.response.status).toBe(422);
    expect(self.error!.errors).toEqual([{ field: 'duplicateId', message: expect.any(String) }]);
    const missing = '01890000-0000-7000-8000-0000000000ff';
    expect((await merge(a.id, missing)).response.status).toBe(404);
    expect((await merge(missing, a.id)).response.status).toBe(404);
    const stale = await merge(a.id, b.id, { version: a.version + 5 });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({ code: 'COMMON.VERSION_CONFLICT', currentVersion: a.version });
    const viaIfMatch = await supervisor.POST('/api/v1/clients/{id}/merge', {
      params: { path: { id: a.id } },
      headers: { 'if-match': '"9"' },
      body: { duplicateId: b.id },
    });
    expect(viaIfMatch.response.status).toBe(409);
    expect((await merge(a.id, b.id)).response.status).toBe(200);
    const again = await merge(c.id, b.id);
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'CLIENTS.ALREADY_MERGED', survivorId: a.id });
    // operators may not merge
    const op = await operator.POST('/api/v1/clients/{id}/merge', {
      params: { path: { id: c.id } },
      body: { duplicateId: a.id },
    });
    expect(op.response.status).toBe(403);
  });

  it('follows merge chains with 301 and answers 410 naming the survivor once the survivor was deleted', async () => {
    const { client: a } = await create();
    const { client: b } = await create();
    const { client: c } = await create();
    expect((await merge(b.id, c.id)).response.status).toBe(200);
    expect((await merge(a.id, b.id)).response.status).toBe(200);
    const hop = await fetch(`${t.baseUrl}/api/v1/clients/${c.id}`, {
      headers: { authorization: `Bearer ${operatorToken}` },
      redirect: 'manual',
    });
    expect(hop.status).toBe(301);
    expect(hop.headers.get('location')).toBe(`/api/v1/clients/${a.id}`);
    expect(
      (await operator.DELETE('/api/v1/clients/{id}', { params: { path: { id: a.id } } })).response.status,
    ).toBe(204);
    const gone = await fetch(`${t.baseUrl}/api/v1/clients/${c.id}`, {
      headers: { authorization: `Bearer ${operatorToken}` },
      redirect: 'manual',
    });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ status: 410, survivorId: a.id });
  });

  it('lets only one of two opposite concurrent merges of the same pair win, without a deadlock', async () => {
    const { client: a } = await create();
    const { client: b } = await create();
    const [x, y] = await Promise.all([merge(a.id, b.id), merge(b.id, a.id)]);
    // the loser finds its survivor already a tombstone of the winner: 410 naming where it went
    expect([x.response.status, y.response.status].sort()).toEqual([200, 410]);
    const loser = x.response.status === 410 ? x : y;
    const winner = x.response.status === 200 ? x : y;
    expect(loser.error).toMatchObject({ code: 'CLIENTS.MERGED', survivorId: winner.data!.id });
  });
});
