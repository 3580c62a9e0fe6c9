import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit } from '../../../../test/support/int-integrations';
import { insertUser } from '../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../shared/domain/uuid';
import { outgoingAad, updateAad } from '../application/ports/telegram-store.port';
import {
  AGENCY_TIME_ZONE,
  DEADLINES_JOB,
} from '../application/commands/notify-deadlines/notify-deadlines.command';

describe('SqlTelegramStore on the migrated schema', () => {
  const db = useIntDb();
  let kit: ReturnType<typeof integrationsKit>;
  let sales: string;
  let operators: string;

  beforeAll(async () => {
    kit = integrationsKit(db());
    sales = (await kit.addIntegration()).id;
    operators = (await kit.addIntegration({ purpose: 'operators' })).id;
  });

  const outgoing = (integrationId: string, chatId: number) =>
    db().q<{ id: string; body: string; status: string }>(
      `SELECT id, body, status FROM telegram_outgoing WHERE integration_id = $1 AND chat_id = $2 ORDER BY id`,
      [integrationId, chatId],
    );

  it('creates a chat on first contact and keeps its consent, sealed contact, conversation, link and pending action', async () => {
    const chat = await db().tx(() => kit.store.chat(sales, 1001, 77));
    expect(chat).toMatchObject({ chatId: 1001, consentGivenAt: null, contact: null, stoppedAt: null });
    const at = new Date('2026-11-30T09:00:00.000Z');
    const applicationId = uuidv7();
    await db().tx(async () => {
      await kit.store.recordConsent(chat, 'v3', at);
      await kit.store.saveContact(chat, { name: 'Лебедев Лев', phone: '+79001112233' });
      await kit.store.setConversation(chat, applicationId, at);
      await kit.store.setPendingAction(chat, 'ask-phone');
    });
    const [raw] = await db().q<{ contact: string; key_id: string }>(
      `SELECT contact, key_id FROM telegram_chats WHERE integration_id = $1 AND chat_id = 1001`,
      [sales],
    );
    expect(raw.contact).not.toContain('Лебедев');
    expect(raw.key_id).toBe(kit.codec.keyId);
    const again = await db().tx(() => kit.store.chat(sales, 1001, 77));
    expect(again).toMatchObject({
      consentGivenAt: at,
      consentTextVersion: 'v3',
      contact: { name: 'Лебедев Лев', phone: '+79001112233' },
      applicationId,
      lastMessageAt: at,
      pendingAction: 'ask-phone',
      linkedUserId: null,
      supplier: null,
    });
  });

  it('queues sealed messages once per dedupe key, stops a chat (dropping its queue) and resumes it', async () => {
    const chat = await db().tx(() => kit.store.chat(sales, 1002, null));
    let nudged = 0;
    kit.telegramSignals.onMessages(() => (nudged += 1));
    await db().tx(async () => {
      await kit.store.enqueue(sales, 1002, { text: 'Здравствуйте' }, 'notice:1');
      await kit.store.enqueue(sales, 1002, { text: 'Здравствуйте' }, 'notice:1');
      await kit.store.enqueue(sales, 1002, { text: 'Ещё' });
    });
    expect(nudged).toBeGreaterThan(0);
    const queued = await outgoing(sales, 1002);
    expect(queued).toHaveLength(2);
    expect(kit.codec.open(queued[0].body, outgoingAad(queued[0].id))).toEqual({ text: 'Здравствуйте' });

    await db().tx(() => kit.store.stop(chat, new Date()));
    expect(await outgoing(sales, 1002)).toEqual([]);
    await db().tx(async () => {
      await kit.store.enqueue(sales, 1002, { text: 'не дойдёт' });
      await kit.store.enqueue(sales, 1002, { text: 'ответ на /stop' }, undefined, { evenIfStopped: true });
    });
    expect(await outgoing(sales, 1002)).toHaveLength(1);
    await db().tx(() => kit.store.resume(chat));
    expect(chat.stoppedAt).toBeNull();
    expect((await db().tx(() => kit.store.chat(sales, 1002, null))).stoppedAt).toBeNull();
  });

  it('stops chats by application but never staff or supplier chats, and finds linked chats of active bots', async () => {
    const userId = await insertUser(db(), 'operator');
    const applicationId = uuidv7();
    const client = await db().tx(() => kit.store.chat(sales, 1003, null));
    await db().tx(() => kit.store.setConversation(client, applicationId, new Date()));
    const staff = await db().tx(() => kit.store.chat(operators, 2001, null));
    await db().tx(() => kit.store.link(staff, { userId }));
    await db().q(
      `UPDATE telegram_chats SET application_id = $2 WHERE integration_id = $1 AND chat_id = 2001`,
      [operators, applicationId],
    );
    const supplier = await db().tx(() => kit.store.chat(operators, 2002, null));
    await db().tx(() => kit.store.link(supplier, { supplier: 'Отель Рим' }));

    expect(await db().tx(() => kit.store.stopChats({ applicationIds: [applicationId] }, new Date()))).toBe(1);
    expect(await db().tx(() => kit.store.stopChats({ chats: [[operators, 2002]] }, new Date()))).toBe(0);

    expect(await kit.store.linkedChats('operators', { userIds: [userId] })).toEqual([
      { integrationId: operators, chatId: 2001, userId },
    ]);
    expect(await kit.store.linkedChats('operators', { userIds: 'all' })).toEqual([
      { integrationId: operators, chatId: 2001, userId },
    ]);
    expect(await kit.store.linkedChats('operators', { supplier: 'отель рим' })).toEqual([
      { integrationId: operators, chatId: 2002, userId: null },
    ]);
    expect(await kit.store.linkedChats('suppliers', { userIds: 'all' })).toEqual([]);
  });

  it('stores an update once through the inbound port and opens a legacy stored update', async () => {
    const update = { update_id: 555, message: { chat: { id: 1004 }, text: 'привет' } };
    expect(await db().tx(() => kit.store.storeUpdate(sales, update))).toBe(true);
    expect(await db().tx(() => kit.store.storeUpdate(sales, update))).toBe(false);

    expect(await kit.store.storedUpdate(sales, 556)).toBeNull();
    await db().q(
      `INSERT INTO telegram_updates (integration_id, update_id, payload, key_id) VALUES ($1, 556, $2, $3)`,
      [sales, kit.codec.seal({ update_id: 556 }, updateAad(sales, 556)), kit.codec.keyId],
    );
    expect(await kit.store.storedUpdate(sales, 556)).toEqual({ update_id: 556 });
  });

  it('claims the deadline job when due (or forced), gives tomorrow’s window, and reschedules it an hour on', async () => {
    await db().q(`UPDATE telegram_jobs SET next_run_at = now() + interval '1 hour' WHERE name = $1`, [
      DEADLINES_JOB,
    ]);
    expect(
      await db().tx(() => kit.store.claimDeadlineJob(DEADLINES_JOB, AGENCY_TIME_ZONE, false)),
    ).toBeNull();
    const job = await db().tx(() => kit.store.claimDeadlineJob(DEADLINES_JOB, AGENCY_TIME_ZONE, true));
    expect(job).not.toBeNull();
    expect(job!.to.getTime() - job!.from.getTime()).toBe(24 * 3600_000);
    expect(job!.day).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(job!.from.getTime()).toBeGreaterThan(Date.now());

    await db().q(`UPDATE telegram_jobs SET next_run_at = now() - interval '1 minute' WHERE name = $1`, [
      DEADLINES_JOB,
    ]);
    expect(
      await db().tx(() => kit.store.claimDeadlineJob(DEADLINES_JOB, AGENCY_TIME_ZONE, false)),
    ).not.toBeNull();
    await kit.store.rescheduleJob(DEADLINES_JOB);
    const [row] = await db().q<{ due_in: number; ran: boolean }>(
      `SELECT round(extract(epoch FROM next_run_at - now()) / 60)::int AS due_in, last_run_at IS NOT NULL AS ran
         FROM telegram_jobs WHERE name = $1`,
      [DEADLINES_JOB],
    );
    expect(row).toEqual({ due_in: 60, ran: true });
  });
});
