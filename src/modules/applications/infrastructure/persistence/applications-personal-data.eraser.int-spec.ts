import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow, insertUser, testCipher } from '../../../../../test/support/int-fixtures';
import type { Actor } from '../../../../shared/domain/actor';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { OutboxRelay } from '../../../../shared/outbox/outbox.relay';
import { OutboxWriter } from '../../../../shared/outbox/outbox.writer';
import type { ObjectStorage } from '../../../../shared/storage/object-storage.port';
import { ApplicationPiiCodec } from '../../application/services/application-pii.codec';
import { ApplicationPersonalDataErased } from '../../domain/application.events';
import { ApplicationsPersonalDataEraser } from './applications-personal-data.eraser';

describe('ApplicationsPersonalDataEraser on the migrated schema', () => {
  const db = useIntDb();
  const codec = new ApplicationPiiCodec(testCipher('k1'));
  const relay = { deliverSoon: () => undefined } as unknown as OutboxRelay;
  const deleted: string[] = [];
  const storage = { delete: async (key: string) => void deleted.push(key) } as unknown as ObjectStorage;
  const eraser = () =>
    new ApplicationsPersonalDataEraser(db().uow, codec, storage, new OutboxWriter(db().uow, relay));
  let actor: Actor;

  beforeAll(async () => {
    actor = { userId: await insertUser(db(), 'admin'), role: 'admin', correlationId: null };
  });

  const application = async (
    clientId: string | null,
    payload: Record<string, unknown>,
    attachments: Array<{ id: string; key: string }>,
  ): Promise<string> => {
    const id = uuidv7();
    const sealed = codec.seal(id, {
      contact: { name: 'Зайцева Зоя', phone: '+79007770011', email: 'zoya@example.ru', telegram: null },
      payload,
    });
    await db().q(
      `INSERT INTO applications (id, source, text, pii, key_id, attachments, client_id, number, rejection_reason)
       VALUES ($1, 'telegram', 'хочу в Рим, Зайцева Зоя', $2, $3, $4, $5, $6, 'дорого')`,
      [id, sealed.pii, sealed.keyId, JSON.stringify(attachments), clientId, `З-2026-${id.slice(-6)}`],
    );
    return id;
  };

  it('empties the person’s applications (linked or named), deletes their attachments and hands on the Telegram chat', async () => {
    const clientId = await insertClientRow(db(), 'Зайцева Зоя');
    const integrationId = uuidv7();
    const linked = await application(clientId, { telegram: { integrationId, chatId: 4242 } }, [
      { id: uuidv7(), key: 'applications/a/1.jpg' },
    ]);
    const named = await application(null, {}, []);
    const foreign = await application(null, {}, []);
    const subject = {
      destructionId: uuidv7(),
      clientId,
      pseudonym: 'Клиент №3',
      values: new Set<string>(),
      applicationIds: [named],
      channelRefs: [] as string[],
    };

    const report = await db().tx(() => eraser().erasePersonalData(subject, actor));

    expect(report.counts).toEqual({ applications: 2, applicationAttachments: 1 });
    expect(deleted).toEqual(['applications/a/1.jpg']);
    expect(subject.channelRefs).toEqual([`telegram:${integrationId}:4242`]);
    expect(subject.applicationIds.sort()).toEqual([linked, named].sort());
    expect(['Зайцева Зоя', '+79007770011', 'zoya@example.ru'].filter((v) => !subject.values.has(v))).toEqual(
      [],
    );
    const rows = await db().q<{
      id: string;
      pii: string;
      text: string | null;
      attachments: unknown[];
      rejection_reason: string | null;
      version: number;
      erased: boolean;
    }>(
      `SELECT id, pii, text, attachments, rejection_reason, version, erased_at IS NOT NULL AS erased
         FROM applications WHERE id = ANY($1)`,
      [[linked, named, foreign]],
    );
    for (const r of rows.filter((x) => x.id !== foreign)) {
      expect(r).toMatchObject({
        text: null,
        attachments: [],
        rejection_reason: '—',
        version: 2,
        erased: true,
      });
      expect(codec.open(r.id, r.pii)).toMatchObject({
        contact: { name: null, phone: null, email: null, telegram: null },
        payload: {},
      });
    }
    expect(rows.find((r) => r.id === foreign)).toMatchObject({ version: 1, erased: false });
    const events = await db().q<{ aggregate_id: string; aggregate_version: number }>(
      `SELECT aggregate_id, aggregate_version FROM outbox WHERE name = $1 AND aggregate_id = ANY($2)`,
      [ApplicationPersonalDataErased.eventName, [linked, named]],
    );
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.aggregate_version === 2)).toBe(true);
  });
});
