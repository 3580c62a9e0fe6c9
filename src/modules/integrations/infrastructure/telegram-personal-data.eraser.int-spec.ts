import { useIntDb } from '../../../../test/support/int-db';
import { integrationsKit } from '../../../../test/support/int-integrations';
import { uuidv7 } from '../../../shared/domain/uuid';
import { updateAad } from '../application/ports/telegram-store.port';
import { chatOfUpdate, TelegramPersonalDataEraser } from './telegram-personal-data.eraser';

describe('TelegramPersonalDataEraser on the migrated schema', () => {
  const db = useIntDb();
  let kit: ReturnType<typeof integrationsKit>;
  let sales: string;

  beforeAll(async () => {
    kit = integrationsKit(db());
    sales = (await kit.addIntegration()).id;
  });

  const update = (updateId: number, chatId: number) =>
    db().q(
      `INSERT INTO telegram_updates (integration_id, update_id, payload, key_id) VALUES ($1, $2, $3, $4)`,
      [
        sales,
        updateId,
        kit.codec.seal(
          { update_id: updateId, message: { chat: { id: chatId } } },
          updateAad(sales, updateId),
        ),
        kit.codec.keyId,
      ],
    );
  const count = async (table: string, chatIds: number[]) =>
    (
      await db().q(
        table === 'telegram_updates'
          ? `SELECT 1 FROM telegram_updates WHERE integration_id = $1 AND update_id = ANY($2::bigint[])`
          : `SELECT 1 FROM ${table} WHERE integration_id = $1 AND chat_id = ANY($2::bigint[])`,
        [sales, chatIds],
      )
    ).length;

  it('deletes the chats of the person’s applications and channel refs, their raw updates and their queue; staff chats stay', async () => {
    const applicationId = uuidv7();
    const byApplication = await db().tx(() => kit.store.chat(sales, 3001, null));
    await db().tx(() => kit.store.setConversation(byApplication, applicationId, new Date()));
    await db().tx(() => kit.store.chat(sales, 3002, null)); // named by a channel ref
    const staff = await db().tx(() => kit.store.chat(sales, 3003, null));
    await db().tx(async () => {
      await kit.store.link(staff, { userId: undefined, supplier: 'Отель' });
      await kit.store.setConversation(staff, applicationId, new Date());
      await kit.store.enqueue(sales, 3001, { text: 'a' });
      await kit.store.enqueue(sales, 3002, { text: 'b' });
      await kit.store.enqueue(sales, 3003, { text: 'c' });
    });
    await update(9001, 3001);
    await update(9002, 3002);
    await update(9003, 3003);

    const report = await db().tx(() =>
      new TelegramPersonalDataEraser(db().uow, kit.codec).erasePersonalData({
        destructionId: uuidv7(),
        clientId: null,
        pseudonym: 'Клиент №1',
        values: new Set(),
        applicationIds: [applicationId],
        channelRefs: [`telegram:${sales}:3002`, 'whatsapp:x:1'],
      }),
    );

    expect(report.counts).toEqual({ telegramChats: 2, telegramUpdates: 2, telegramOutgoing: 2 });
    expect(report.categories).toEqual([
      'переписка в Telegram: чаты (2), входящие сообщения (2), исходящие (2)',
    ]);
    expect(await count('telegram_chats', [3001, 3002])).toBe(0);
    expect(await count('telegram_outgoing', [3001, 3002])).toBe(0);
    expect(await count('telegram_updates', [9001, 9002])).toBe(0);
    expect(await count('telegram_chats', [3003])).toBe(1);
    expect(await count('telegram_outgoing', [3003])).toBe(1);
    expect(await count('telegram_updates', [9003])).toBe(1);
  });

  it('reports nothing when the person had no Telegram chat', async () => {
    const report = await new TelegramPersonalDataEraser(db().uow, kit.codec).erasePersonalData({
      destructionId: uuidv7(),
      clientId: null,
      pseudonym: 'Клиент №2',
      values: new Set(),
      applicationIds: [uuidv7()],
      channelRefs: [],
    });
    expect(report).toEqual({
      categories: [],
      kept: [],
      counts: { telegramChats: 0, telegramUpdates: 0, telegramOutgoing: 0 },
    });
  });

  it('reads the chat of each kind of update', () => {
    expect(chatOfUpdate({ message: { chat: { id: 1 } } })).toBe(1);
    expect(chatOfUpdate({ edited_message: { chat: { id: 2 } } })).toBe(2);
    expect(chatOfUpdate({ callback_query: { from: { id: 3 } } })).toBe(3);
    expect(chatOfUpdate({ my_chat_member: { chat: { id: 4 } } })).toBe(4);
    expect(chatOfUpdate({ poll: {} })).toBeNull();
  });
});
