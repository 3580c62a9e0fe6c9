import type { Actor } from '../../../../../shared/domain/actor';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import type { ApplicationReferences } from '../../services/application-references';
import {
  fakeOutbox,
  fakeUow,
  InMemoryApplications,
} from '../../../../../../test/support/application-doubles';
import { UpdateApplicationCommand } from '../update-application/update-application.command';
import { UpdateApplicationHandler } from '../update-application/update-application.handler';
import { CreateApplicationCommand } from './create-application.command';
import { CreateApplicationHandler } from './create-application.handler';

const actor: Actor = {
  userId: '0193a7c2-0000-7000-8000-0000000000a1',
  role: 'operator',
  correlationId: null,
};
const KNOWN = '0193a7c2-0000-7000-8000-00000000c001';
const MATCHED = '0193a7c2-0000-7000-8000-00000000c002';

function setup() {
  const applications = new InMemoryApplications();
  const outbox = fakeOutbox();
  const checked: string[] = [];
  const refs = {
    assertClient: async (id: string) => {
      checked.push(`client:${id}`);
      if (id !== KNOWN && id !== MATCHED)
        throw ValidationError.field('clientId', `client ${id} does not exist`);
    },
    assertAssignee: async (id: string) => {
      checked.push(`user:${id}`);
      if (id !== actor.userId) throw ValidationError.field('assigneeId', 'no such user');
    },
    matchClient: async (c: { phone: string | null }) => (c.phone === '8 912 345-67-89' ? MATCHED : null),
  } as unknown as ApplicationReferences;
  return {
    create: new CreateApplicationHandler(fakeUow(), applications, outbox, refs),
    update: new UpdateApplicationHandler(fakeUow(), applications, outbox, refs),
    applications,
    outbox,
    checked,
  };
}

describe('CreateApplicationHandler / UpdateApplicationHandler', () => {
  it('links the client the contact matches when no client is given', async () => {
    const s = setup();
    const r = await s.create.execute(
      new CreateApplicationCommand(
        { source: 'telegram', text: 'x', contact: { phone: ' 8 912 345-67-89 ' } },
        actor,
      ),
    );
    expect(r.clientId).toBe(MATCHED);
    expect(s.applications.rows.get(r.id)!.clientId).toBe(MATCHED);
    expect(s.outbox.events.map((e) => e.name)).toEqual(['applications.created']);
  });

  it('checks an explicit client and assignee, and validates fields before any lookup', async () => {
    const s = setup();
    const r = await s.create.execute(
      new CreateApplicationCommand(
        { source: 'manual', text: 'x', clientId: KNOWN, assigneeId: actor.userId },
        actor,
      ),
    );
    expect(r.clientId).toBe(KNOWN);
    expect(s.checked).toEqual([`user:${actor.userId}`, `client:${KNOWN}`]);
    s.checked.length = 0;
    await expect(
      s.create.execute(
        new CreateApplicationCommand({ source: 'manual', text: ' ', clientId: 'nope' }, actor),
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ field: 'text' }] });
    expect(s.checked).toEqual([]);
  });

  it('updates with the expected version, checks only new links, and refuses a stale version', async () => {
    const s = setup();
    const { id } = await s.create.execute(
      new CreateApplicationCommand({ source: 'manual', text: 'x' }, actor),
    );
    s.checked.length = 0;
    const r = await s.update.execute(
      new UpdateApplicationCommand(id, 1, { clientId: KNOWN, status: 'in_progress' }, actor),
    );
    expect(r).toEqual({ id, version: 2 });
    expect(s.checked).toEqual([`client:${KNOWN}`]);
    const same = await s.update.execute(new UpdateApplicationCommand(id, 2, { clientId: KNOWN }, actor));
    expect(same).toEqual({ id, version: 2 });
    await expect(
      s.update.execute(new UpdateApplicationCommand(id, 1, { text: 'y' }, actor)),
    ).rejects.toMatchObject({
      code: 'COMMON.VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
    await expect(
      s.update.execute(new UpdateApplicationCommand('0193a7c2-0000-7000-8000-00000000ffff', 1, {}, actor)),
    ).rejects.toMatchObject({ code: 'COMMON.NOT_FOUND' });
    await expect(
      s.update.execute(
        new UpdateApplicationCommand(id, 2, { assigneeId: '0193a7c2-0000-7000-8000-00000000beef' }, actor),
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ field: 'assigneeId' }] });
  });
});
