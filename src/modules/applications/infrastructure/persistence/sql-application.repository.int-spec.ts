import { useIntDb } from '../../../../../test/support/int-db';
import { insertClientRow, testCipher } from '../../../../../test/support/int-fixtures';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { ApplicationPiiCodec } from '../../application/services/application-pii.codec';
import { Application, type ApplicationInput } from '../../domain/application';
import { SqlApplicationRepository } from './sql-application.repository';

const now = new Date('2026-11-30T10:00:00.000Z');
const ctx = { by: null, now };

describe('SqlApplicationRepository on the migrated schema', () => {
  const db = useIntDb();
  const codec = new ApplicationPiiCodec(testCipher('k1'));
  const repo = () => new SqlApplicationRepository(db().uow, codec);

  const input = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
    source: 'web',
    text: 'Хочу в Рим на майские',
    payload: { budget: '150000' },
    contact: { name: 'Мария Смирнова', phone: '+79161234567', email: 'maria@example.ru' },
    attachments: [
      {
        id: uuidv7(),
        key: `apps/${uuidv7()}`,
        fileName: 'загранпаспорт Смирнова.jpg',
        contentType: 'image/jpeg',
        size: 10,
      },
    ],
    consent: null,
    ...over,
  });

  it('round-trips an application with contact, payload and attachment names sealed; numbers the one without', async () => {
    const a = Application.create(uuidv7(), input(), ctx);
    await db().tx(() => repo().insert(a));
    const back = (await repo().findById(a.id))!;
    expect(back.version).toBe(1);
    const { number, ...rest } = back.snapshot();
    const { number: none, ...want } = a.snapshot();
    expect(none).toBeNull();
    expect(number).toMatch(/^З-2026-\d{6}$/);
    expect(rest).toEqual(want);
    const [row] = await db().q<{ pii: string; attachments: object[]; text: string }>(
      `SELECT pii, attachments, text FROM applications WHERE id = $1`,
      [a.id],
    );
    expect(row.pii).toMatch(/^v1:k1:/);
    expect(JSON.stringify(row)).not.toContain('Смирнова');
    expect(JSON.stringify(row)).not.toContain('+79161234567');
    expect(row.attachments[0]).not.toHaveProperty('fileName');
    expect(await repo().findById(uuidv7())).toBeNull();
  });

  it('hands out gap-free numbers per year (rolled-back numbers come back) and keeps a given number', async () => {
    const first = await db().tx(() => repo().nextNumber(2050));
    await expect(
      db().tx(async () => {
        await repo().nextNumber(2050);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const second = await db().tx(() => repo().nextNumber(2050));
    expect([first, second]).toEqual(['З-2050-000001', 'З-2050-000002']);
    const a = Application.create(uuidv7(), input(), ctx, 'З-2050-000002');
    await repo().insert(a);
    expect((await repo().findById(a.id))!.snapshot().number).toBe('З-2050-000002');
    const twin = Application.create(uuidv7(), input(), ctx, 'З-2050-000002');
    await expect(repo().insert(twin)).rejects.toThrow(/duplicate key|unique/);
  });

  it("updates with a version check, and lists a client's applications in id order for update", async () => {
    const clientId = await insertClientRow(db());
    const a = Application.create(uuidv7(), input({ clientId }), ctx);
    const b = Application.create(uuidv7(), input({ clientId, text: 'Второе' }), ctx);
    await repo().insert(a);
    await repo().insert(b);
    await repo().insert(Application.create(uuidv7(), input(), ctx));

    const mine = await db().tx(() => repo().findByClientForUpdate(clientId));
    expect(mine.map((x) => x.id)).toEqual([a.id, b.id].sort());

    const one = (await db().tx(() => repo().findByIdForUpdate(a.id)))!;
    const two = (await repo().findById(a.id))!;
    one.update({ text: 'Изменено', contact: { name: 'Мария', phone: '+79160000000' } }, ctx);
    await repo().update(one);
    const back = (await repo().findById(a.id))!;
    expect(back.version).toBe(2);
    expect(back.snapshot().text).toBe('Изменено');
    expect(back.snapshot().contact).toMatchObject({ name: 'Мария', phone: '+79160000000' });
    two.update({ text: 'Поздно' }, ctx);
    await expect(repo().update(two)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(repo().update(Application.create(uuidv7(), input(), ctx))).rejects.toMatchObject({
      details: { currentVersion: null },
    });
  });
});
