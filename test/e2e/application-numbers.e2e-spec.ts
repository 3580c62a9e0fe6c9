import { CommandBus } from '@nestjs/cqrs';
import type { CrmClient } from '../../client';
import { CreateApplicationCommand } from '../../src/modules/applications/application/commands/create-application/create-application.command';
import { SYSTEM_ACTOR } from '../../src/shared/domain/actor';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import { startTestApp, type TestApp } from '../support/test-app';

const seqOf = (number: string) => Number(/^З-\d{4}-(\d{6})$/.exec(number)![1]);

describe('application numbers (e2e)', () => {
  let t: TestApp;
  let operator: CrmClient;

  beforeAll(async () => {
    t = await startTestApp();
    operator = (await t.userClient('operator')).client;
  });
  afterAll(() => t.close());

  async function create(text: string) {
    const r = await operator.POST('/api/v1/applications', {
      body: { source: 'manual', text, contact: { name: 'Анна' } },
    });
    expect(r.response.status).toBe(201);
    return r.data!;
  }

  it('numbers applications created at once without gaps or repeats, З-<year>-NNNNNN, shown in lists and found by number', async () => {
    const first = await create('первая');
    const year = new Date().getUTCFullYear();
    expect(first.number).toMatch(new RegExp(`^З-${year}-\\d{6}$`));
    const made = await Promise.all(Array.from({ length: 25 }, (_, i) => create(`заявка ${i}`)));
    const seqs = made.map((a) => seqOf(a.number)).sort((a, b) => a - b);
    const start = seqOf(first.number) + 1;
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => start + i));
    const list = await operator.GET('/api/v1/applications', { params: { query: { limit: 200 } } });
    expect(list.data!.items.find((a) => a.id === made[3].id)!.number).toBe(made[3].number);
    const found = await operator.GET('/api/v1/applications', {
      params: { query: { number: made[3].number } },
    });
    expect(found.data!.items.map((a) => a.id)).toEqual([made[3].id]);
  });

  it('gives the number of a creation whose transaction rolled back to the next application', async () => {
    const before = await create('до');
    const uow = t.app.get(UnitOfWork);
    const commands = t.app.get(CommandBus);
    await expect(
      uow.run(async () => {
        await commands.execute(
          new CreateApplicationCommand({ source: 'manual', text: 'откатится', contact: null }, SYSTEM_ACTOR),
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await create('после');
    expect(seqOf(after.number)).toBe(seqOf(before.number) + 1);
  });
});
