import { useIntDb } from '../../../../../test/support/int-db';
import { insertEmailIntegration, mailboxSettings } from '../../../../../test/support/int-email';
import { testCipher } from '../../../../../test/support/int-fixtures';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { InboundMessage } from '../../application/inbound/inbound-message.port';
import { InboundSignals } from '../../application/inbound/inbound-signals';
import { EmailInbox } from './email-inbox';
import { SqlMailboxStore } from './sql-mailbox.store';
import { SqlInboundMessageStore } from '../../infrastructure/sql-inbound-message.store';

describe('EmailInbox on the migrated schema', () => {
  const db = useIntDb();
  const cipher = testCipher('k1');
  const inbox = () =>
    new EmailInbox(db().uow, new SqlInboundMessageStore(db().uow, cipher, new InboundSignals()));
  let id: string;

  beforeAll(async () => {
    id = await insertEmailIntegration(db());
    await new SqlMailboxStore(db().uow, cipher).insert(id, mailboxSettings());
  });

  const message = (integrationId: string, providerMessageId: string): InboundMessage => ({
    channel: 'email',
    integrationId,
    providerMessageId,
    sender: 'client@example.ru',
    contact: { name: 'Клиент', phone: null, email: 'client@example.ru' },
    text: 'Хочу тур',
    attachments: [],
    replyTo: null,
    threadKey: 'client@example.ru',
    receivedAt: new Date().toISOString(),
  });

  it('lists only active e-mail integrations that have a mailbox', async () => {
    const inactive = await insertEmailIntegration(db(), false);
    await new SqlMailboxStore(db().uow, cipher).insert(inactive, mailboxSettings());
    await insertEmailIntegration(db()); // no mailbox
    expect(await inbox().activeMailboxes()).toEqual([id]);
  });

  it('lets one owner hold the lease until it expires or is released', async () => {
    expect(await inbox().lease(id, 'replica-a', 60_000)).toBe(true);
    expect(await inbox().lease(id, 'replica-b', 60_000)).toBe(false);
    expect(await inbox().lease(id, 'replica-a', 60_000)).toBe(true);
    await inbox().release(id, 'replica-b');
    expect(await inbox().lease(id, 'replica-b', 60_000)).toBe(false);
    await inbox().release(id, 'replica-a');
    expect(await inbox().lease(id, 'replica-b', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await inbox().lease(id, 'replica-a', 60_000)).toBe(true);
  });

  it('moves the cursor only under a live lease, stores each Message-ID once, and fences a replica that lost the lease', async () => {
    expect(await inbox().cursor(id)).toEqual({ uidValidity: null, lastUid: 0, readingSince: null });
    await inbox().release(id, 'replica-a');
    expect(await inbox().lease(id, 'owner', 60_000)).toBe(true);
    expect(await inbox().resetCursor(id, 'intruder', 777, 10)).toBe(false);
    expect(await inbox().resetCursor(id, 'owner', 777, 10)).toBe(true);
    const c = await inbox().cursor(id);
    expect(c).toMatchObject({ uidValidity: 777, lastUid: 10 });
    expect(c.readingSince).toBeInstanceOf(Date);

    expect(await inbox().store(id, 'owner', 777, 11, message(id, '<m1@example.ru>'))).toBe('stored');
    expect(await inbox().store(id, 'owner', 777, 12, message(id, '<m1@example.ru>'))).toBe('duplicate');
    // an older UID never moves the cursor back; a stale UIDVALIDITY or another owner is fenced
    expect(await inbox().store(id, 'owner', 777, 5, message(id, '<m2@example.ru>'))).toBe('stored');
    expect(await inbox().store(id, 'owner', 776, 13, message(id, '<m3@example.ru>'))).toBe('lease-lost');
    expect(await inbox().store(id, 'intruder', 777, 13, message(id, '<m3@example.ru>'))).toBe('lease-lost');
    expect((await inbox().cursor(id)).lastUid).toBe(12);
    const [{ n }] = await db().q<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE integration_id = $1`,
      [id],
    );
    expect(n).toBe(2);
    expect(await inbox().cursor(uuidv7())).toEqual({ uidValidity: null, lastUid: 0, readingSince: null });
  });
});
