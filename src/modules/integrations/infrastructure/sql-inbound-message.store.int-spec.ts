import { useIntDb } from '../../../../test/support/int-db';
import { inboundMessage, integrationsKit } from '../../../../test/support/int-integrations';
import { uuidv7 } from '../../../shared/domain/uuid';
import type { InboundMessage } from '../application/inbound/inbound-message.port';
import { inboundAad, MAX_PROVIDER_ID } from '../application/ports/inbound-message.store.port';

describe('SqlInboundMessageStore on the migrated schema', () => {
  const db = useIntDb();
  let kit: ReturnType<typeof integrationsKit>;
  let integrationId: string;
  let stored = 0;
  let attachmentsQueued = 0;

  beforeAll(async () => {
    kit = integrationsKit(db());
    integrationId = (await kit.addIntegration({ type: 'whatsapp' })).id;
    kit.inboundSignals.onMessages(() => (stored += 1));
    kit.inboundSignals.onAttachments(() => (attachmentsQueued += 1));
  });

  const message = (over: Partial<InboundMessage> = {}): InboundMessage => inboundMessage(integrationId, over);
  const status = (id: string) =>
    db().one<{ status: string; attempts: number; application_id: string | null; held: boolean }>(
      `SELECT status, attempts, application_id, hold_until IS NOT NULL AS held FROM inbound_messages WHERE id = $1`,
      [id],
    );

  it('stores a message once, sealed under a blind thread index, and loads it back', async () => {
    const m = message();
    const first = await db().tx(() => kit.inbound.receive(m));
    expect(first.stored).toBe(true);
    expect(await db().tx(() => kit.inbound.receive(m))).toEqual({ stored: false, id: null });
    expect(stored).toBeGreaterThan(0);
    const row = await db().one<{ body: string; thread_hash: string }>(
      `SELECT body, thread_hash FROM inbound_messages WHERE id = $1`,
      [first.id],
    );
    expect(row.body).not.toContain('Фомин');
    expect(row.thread_hash).toBe(kit.inbound.threadHash(integrationId, '79001234567'));
    expect(row.thread_hash).not.toContain('79001234567');
    expect(JSON.parse(kit.cipher.decrypt(row.body, inboundAad(first.id!)))).toEqual(m);
    expect(await kit.inbound.load(first.id!)).toEqual({ ...m, id: first.id, attempts: 0 });
    expect(await kit.inbound.load(uuidv7())).toBeNull();
    await expect(kit.inbound.receive(message({ providerMessageId: '' }))).rejects.toThrow(
      /provider message id/,
    );
    await expect(
      kit.inbound.receive(message({ providerMessageId: 'x'.repeat(MAX_PROVIDER_ID + 1) })),
    ).rejects.toThrow(/provider message id/);
  });

  it('stores a delivery’s batch in one statement and counts only the new messages', async () => {
    const a = message();
    const b = message({ threadKey: null });
    expect(await kit.inbound.receiveMany([])).toBe(0);
    expect(await kit.inbound.receiveMany([a, b])).toBe(2);
    expect(await kit.inbound.receiveMany([a, message()])).toBe(1);
    await expect(kit.inbound.receiveMany([message({ providerMessageId: '' })])).rejects.toThrow(
      /provider message id/,
    );
  });

  it('writes deliveries that arrive while one is being written together, in one statement, each counted on its own', async () => {
    const before = stored;
    const repeated = message();
    const deliveries = [
      [message()],
      [message(), message()],
      [repeated],
      [message(), { ...repeated }],
      [message({ threadKey: null })],
    ];
    // nothing awaited in between: the first goes out at once, the rest while it is written
    const counts = await Promise.all(deliveries.map((d) => kit.inbound.receiveMany(d)));
    // the first of two copies of a message is the one kept, also across deliveries
    expect(counts).toEqual([1, 2, 1, 1, 1]);
    const ids = deliveries.flat().map((m) => m.providerMessageId);
    const { writes, rows } = await db().one<{ writes: number; rows: number }>(
      `SELECT count(DISTINCT xmin::text)::int AS writes, count(*)::int AS rows
         FROM inbound_messages WHERE integration_id = $1 AND provider_message_id = ANY($2)`,
      [integrationId, ids],
    );
    expect(rows).toBe(6);
    // one transaction for the first delivery, one for the four that waited for it
    expect(writes).toBe(2);
    expect(stored - before).toBe(5);
  });

  it('refuses only the delivery PostgreSQL rejects when deliveries are written together', async () => {
    const first = message();
    const good = message();
    const bad = message({ receivedAt: 'not a time' });
    const alsoGood = message();
    const outcomes = await Promise.allSettled(
      [[first], [good], [bad], [alsoGood]].map((d) => kit.inbound.receiveMany(d)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: '22007' });
    const kept = await db().one<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE integration_id = $1 AND provider_message_id = ANY($2)`,
      [integrationId, [first, good, bad, alsoGood].map((m) => m.providerMessageId)],
    );
    expect(kept.n).toBe(3);
  });

  it('keeps a conversation per thread: created locked, touched by the customer, linked, consented, asked once a day', async () => {
    const thread = `7900${Math.floor(Math.random() * 1e7)}`;
    expect(await kit.inbound.peekConversation(integrationId, thread)).toBeNull();
    const fresh = await db().tx(() => kit.inbound.conversation(integrationId, 'whatsapp', thread));
    expect(fresh).toEqual({
      applicationId: null,
      lastMessageAt: null,
      lastCustomerMessageAt: null,
      consentGivenAt: null,
      consentTextVersion: null,
    });
    const t1 = new Date('2026-11-30T10:00:00.000Z');
    const t0 = new Date('2026-11-30T09:00:00.000Z');
    const applicationId = uuidv7();
    await kit.inbound.touchCustomer(integrationId, thread, t1);
    await kit.inbound.touchCustomer(integrationId, thread, t0);
    await kit.inbound.setConversation(integrationId, thread, applicationId, null, t1);
    await kit.inbound.recordConsent(integrationId, thread, 'v2', t1);
    expect(await kit.inbound.peekConversation(integrationId, thread)).toEqual({
      applicationId,
      lastMessageAt: t1,
      lastCustomerMessageAt: t1,
      consentGivenAt: t1,
      consentTextVersion: 'v2',
    });
    expect(await kit.inbound.markConsentAsked(integrationId, thread)).toBe(true);
    expect(await kit.inbound.markConsentAsked(integrationId, thread)).toBe(false);
  });

  it('holds messages until consent, releases or destroys them, and destroys expired holds', async () => {
    const thread = `7911${Math.floor(Math.random() * 1e7)}`;
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      ids.push((await kit.inbound.receive(message({ threadKey: thread }))).id!);
    }
    for (const id of ids) await kit.inbound.hold(id, integrationId, thread);
    expect(await status(ids[0])).toMatchObject({ status: 'held', attempts: 1, held: true });

    // one expired hold is destroyed on its own
    await db().q(`UPDATE inbound_messages SET hold_until = now() - interval '1 second' WHERE id = $1`, [
      ids[3],
    ]);
    expect(await kit.inbound.destroyExpiredHolds()).toBe(1);

    const before = stored;
    expect(await db().tx(() => kit.inbound.releaseHeld(integrationId, thread))).toBe(3);
    expect(stored).toBe(before + 1);
    expect(await status(ids[0])).toMatchObject({ status: 'pending', held: false });
    expect(await kit.inbound.releaseHeld(integrationId, thread)).toBe(0);

    await kit.inbound.hold(ids[1], integrationId, thread);
    expect(await kit.inbound.destroyHeld(integrationId, thread)).toBe(1);
    expect(await db().q(`SELECT 1 FROM inbound_messages WHERE id = $1`, [ids[1]])).toEqual([]);
  });

  it('threads by references in the order given, marks a message done and queues its attachment jobs once', async () => {
    const applicationId = uuidv7();
    const other = uuidv7();
    await kit.inbound.addReference(integrationId, '<a@mail>', applicationId);
    await kit.inbound.addReference(integrationId, '<a@mail>', other);
    await kit.inbound.addReference(integrationId, '<b@mail>', other);
    await kit.inbound.addReference(integrationId, '', other);
    await kit.inbound.addReference(integrationId, 'x'.repeat(MAX_PROVIDER_ID + 1), other);
    expect(await kit.inbound.findByReferences(integrationId, ['<none>', '<a@mail>', '<b@mail>'])).toBe(
      applicationId,
    );
    expect(await kit.inbound.findByReferences(integrationId, ['<b@mail>', '<a@mail>'])).toBe(other);
    expect(await kit.inbound.findByReferences(integrationId, ['', '<none>'])).toBeNull();
    expect(await kit.inbound.findByReferences(integrationId, [])).toBeNull();

    const { id } = await kit.inbound.receive(message());
    await kit.inbound.markDone(id!, applicationId, null);
    expect(await status(id!)).toEqual({
      status: 'done',
      attempts: 1,
      application_id: applicationId,
      held: false,
    });

    await kit.inbound.queueAttachments(id!, 0, applicationId);
    await db().tx(async () => {
      await kit.inbound.queueAttachments(id!, 2, applicationId);
      await kit.inbound.queueAttachments(id!, 2, applicationId);
    });
    expect(attachmentsQueued).toBeGreaterThan(0);
    const jobs = await db().q<{ idx: number; status: string }>(
      `SELECT idx, status FROM inbound_attachments WHERE message_id = $1 ORDER BY idx`,
      [id],
    );
    expect(jobs.map((j) => j.idx)).toEqual([0, 1]);
  });

  it('prepares the statements the worker runs for every message once per connection', async () => {
    const prepared = await db().tx(async () => {
      const { id } = await kit.inbound.receive(message());
      const m = (await kit.inbound.load(id!))!;
      await kit.inbound.conversation(integrationId, 'whatsapp', m.threadKey!);
      await kit.inbound.findByReferences(integrationId, ['<none>']);
      const applicationId = uuidv7();
      await kit.inbound.setConversation(integrationId, m.threadKey!, applicationId, null, new Date());
      await kit.inbound.touchCustomer(integrationId, m.threadKey!, new Date());
      await kit.inbound.addReference(integrationId, m.providerMessageId, applicationId);
      await kit.inbound.markDone(id!, applicationId, null);
      // the transaction's own connection: what that session has parsed and planned for later calls
      return db().uow.rows<{ name: string }>(
        `SELECT name FROM pg_prepared_statements WHERE name LIKE 'inbound.%' ORDER BY name`,
      );
    });
    expect(prepared.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'inbound.add-reference',
        'inbound.conversation-ensure',
        'inbound.conversation-lock',
        'inbound.find-by-references',
        'inbound.load',
        'inbound.mark-done',
        'inbound.receive-many',
        'inbound.set-conversation',
        'inbound.touch-customer',
      ]),
    );
  });
});
