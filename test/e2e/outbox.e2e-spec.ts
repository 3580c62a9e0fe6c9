import { Client } from 'pg';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserCommand } from '../../src/modules/users/application/commands/create-user/create-user.command';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import { SYSTEM_ACTOR } from '../../src/shared/domain/actor';
import { OutboxRelay } from '../../src/shared/outbox/outbox.relay';
import { PROBE_TABLE_SQL, ProbeModule, probeFailures } from '../support/probe-subscriber';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

async function sql<R = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as R[];
  } finally {
    await c.end();
  }
}

let n = 0;
function newUser(): { email: string; password: string; fullName: string; role: 'operator' } {
  n += 1;
  return {
    email: `outbox.${n}.${Date.now()}@test.agency`,
    password: 'Passw0rd-outbox-1',
    fullName: 'Outbox Probe',
    role: 'operator',
  };
}

async function eventIdOfUser(url: string, email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    url,
    `SELECT o.id FROM outbox o WHERE o.name = 'users.created' AND o.payload->>'email' = $1`,
    [email],
  );
  return row.id;
}

describe('outbox and durable subscribers (e2e)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await sql(db.url, PROBE_TABLE_SQL);
  });
  afterAll(() => db.drop());

  describe('one app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ db, imports: [ProbeModule] });
    });
    afterAll(() => t.close());

    it('leaves neither rows nor outbox entries when the command transaction rolls back', async () => {
      const uow = t.app.get(UnitOfWork);
      const commands = t.app.get(CommandBus);
      const input = newUser();
      await expect(
        uow.run(async () => {
          await commands.execute(new CreateUserCommand(input, SYSTEM_ACTOR));
          throw new Error('a later step of the same unit of work failed');
        }),
      ).rejects.toThrow('a later step');
      expect(await sql(db.url, `SELECT 1 FROM users WHERE email = $1`, [input.email])).toHaveLength(0);
      expect(
        await sql(db.url, `SELECT 1 FROM outbox WHERE payload->>'email' = $1`, [input.email]),
      ).toHaveLength(0);
    });

    it('delivers a committed event to every subscriber right after commit', async () => {
      const input = newUser();
      await t.admin.POST('/api/v1/users', { body: input });
      const eventId = await eventIdOfUser(db.url, input.email);
      const effects = await eventually(async () => {
        const rows = await sql(db.url, `SELECT * FROM probe_effects WHERE event_id = $1`, [eventId]);
        return rows.length > 0 ? rows : null;
      });
      expect(effects).toHaveLength(1);
      const audit = await eventually(async () => {
        const rows = await sql(db.url, `SELECT * FROM audit_log WHERE event_id = $1`, [eventId]);
        return rows.length > 0 ? rows : null;
      });
      expect(audit).toHaveLength(1);
      const [row] = await sql<{ status: string }>(db.url, `SELECT status FROM outbox WHERE id = $1`, [
        eventId,
      ]);
      expect(row.status).toBe('delivered');
    });

    it('retries a subscriber that throws, without touching the command result or re-running subscribers that succeeded', async () => {
      const relay = t.app.get(OutboxRelay);
      await relay.stop();
      const input = newUser();
      const created = await t.admin.POST('/api/v1/users', { body: input });
      expect(created.response.status).toBe(201);
      const eventId = await eventIdOfUser(db.url, input.email);
      probeFailures.set(eventId, 2);
      relay.start();
      const [done] = await eventually(async () => {
        const rows = await sql<{ status: string; attempts: number }>(
          db.url,
          `SELECT status, attempts FROM outbox WHERE id = $1 AND status = 'delivered'`,
          [eventId],
        );
        return rows.length > 0 ? rows : null;
      });
      expect(done.attempts).toBe(2);
      // the probe ran three times (two failures rolled back with their inbox row), its effect stands once
      const committed = await sql(db.url, `SELECT * FROM probe_effects WHERE event_id = $1`, [eventId]);
      expect(committed).toHaveLength(1);
      // the audit subscriber succeeded on the first attempt and was not applied again
      expect(await sql(db.url, `SELECT * FROM audit_log WHERE event_id = $1`, [eventId])).toHaveLength(1);
    });

    it('parks an event after the maximum attempts and lets an admin replay it', async () => {
      const relay = t.app.get(OutboxRelay);
      await relay.stop();
      const input = newUser();
      await t.admin.POST('/api/v1/users', { body: input });
      const eventId = await eventIdOfUser(db.url, input.email);
      probeFailures.set(eventId, 1000);
      relay.start();
      await eventually(async () => {
        const rows = await sql(db.url, `SELECT 1 FROM outbox WHERE id = $1 AND status = 'parked'`, [eventId]);
        return rows.length > 0;
      }, 30_000);
      const parked = await t.admin.GET('/api/v1/admin/outbox', { params: { query: { status: 'parked' } } });
      expect(parked.data!.items.map((e) => e.id)).toContain(eventId);
      expect(parked.data!.items.find((e) => e.id === eventId)!.lastError).toContain('probe failure injected');
      probeFailures.delete(eventId);
      const replay = await t.admin.POST('/api/v1/admin/outbox/{id}/replay', {
        params: { path: { id: eventId } },
      });
      expect(replay.response.status).toBe(202);
      await eventually(async () => {
        const rows = await sql(db.url, `SELECT 1 FROM outbox WHERE id = $1 AND status = 'delivered'`, [
          eventId,
        ]);
        return rows.length > 0;
      });
      expect(await sql(db.url, `SELECT * FROM probe_effects WHERE event_id = $1`, [eventId])).toHaveLength(1);
      const again = await t.admin.POST('/api/v1/admin/outbox/{id}/replay', {
        params: { path: { id: eventId } },
      });
      expect(again.response.status).toBe(409);
    }, 60_000);
  });

  it('delivers events committed while the relay was stopped after a restart, exactly once per subscriber', async () => {
    const first = await startTestApp({ db, imports: [ProbeModule] });
    await first.app.get(OutboxRelay).stop();
    const inputs = [newUser(), newUser(), newUser()];
    for (const input of inputs) await first.admin.POST('/api/v1/users', { body: input });
    const ids = await Promise.all(inputs.map((i) => eventIdOfUser(db.url, i.email)));
    await new Promise((r) => setTimeout(r, 400));
    expect(
      await sql(db.url, `SELECT * FROM probe_effects WHERE event_id = ANY($1::uuid[])`, [ids]),
    ).toHaveLength(0);
    await first.close(); // the process goes away with the events undelivered

    const second = await startTestApp({ db, imports: [ProbeModule] });
    try {
      const rows = await eventually(async () => {
        const r = await sql<{ event_id: string }>(
          db.url,
          `SELECT event_id FROM probe_effects WHERE event_id = ANY($1::uuid[])`,
          [ids],
        );
        return r.length === ids.length ? r : null;
      });
      expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(ids));
      const audit = await eventually(async () => {
        const r = await sql(db.url, `SELECT * FROM audit_log WHERE event_id = ANY($1::uuid[])`, [ids]);
        return r.length === ids.length ? r : null;
      });
      expect(audit).toHaveLength(3);
    } finally {
      await second.close();
    }
  });

  it('lets two relays on one database deliver each event once', async () => {
    const a = await startTestApp({ db, imports: [ProbeModule] });
    const b = await startTestApp({ db, imports: [ProbeModule] });
    try {
      await a.app.get(OutboxRelay).stop();
      await b.app.get(OutboxRelay).stop();
      const inputs = Array.from({ length: 40 }, () => newUser());
      // written half through each replica, delivered by both pollers racing
      await Promise.all(
        inputs.map((input, i) => (i % 2 ? a : b).admin.POST('/api/v1/users', { body: input })),
      );
      const ids = await Promise.all(inputs.map((i) => eventIdOfUser(db.url, i.email)));
      a.app.get(OutboxRelay).start();
      b.app.get(OutboxRelay).start();
      await eventually(async () => {
        const r = await sql(
          db.url,
          `SELECT 1 FROM outbox WHERE id = ANY($1::uuid[]) AND status = 'delivered'`,
          [ids],
        );
        return r.length === ids.length;
      }, 30_000);
      const effects = await sql<{ event_id: string; n: string }>(
        db.url,
        `SELECT event_id, count(*) AS n FROM probe_effects WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
        [ids],
      );
      expect(effects).toHaveLength(ids.length);
      expect(effects.every((e) => Number(e.n) === 1)).toBe(true);
      const audit = await sql(db.url, `SELECT 1 FROM audit_log WHERE event_id = ANY($1::uuid[])`, [ids]);
      expect(audit).toHaveLength(ids.length);
      const pids = await sql<{ pid: number }>(
        db.url,
        `SELECT DISTINCT pid FROM probe_effects WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      expect(pids.length).toBeGreaterThanOrEqual(1);
      // the audit chain built by two concurrent writers is still one valid chain
      const verify = await a.admin.GET('/api/v1/audit/verify');
      expect(verify.data!.ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
