import type { Actor } from '../../../../../shared/domain/actor';
import { NotFoundError } from '../../../../../shared/domain/domain-error';
import { Application } from '../../../domain/application';
import type { ApplicationReferences } from '../../services/application-references';
import {
  fakeOutbox,
  fakeUow,
  InMemoryApplications,
} from '../../../../../../test/support/application-doubles';
import { AppendToApplicationCommand } from './append-to-application.command';
import { AppendToApplicationHandler } from './append-to-application.handler';

const actor: Actor = { userId: null, role: 'system', correlationId: 'telegram:x:1' };
const ID = '0193a7c2-0000-7000-8000-0000000000b2';
const MATCHED = '0193a7c2-0000-7000-8000-00000000c002';
const refs = {
  matchClient: async (c: { phone: string | null }) => (c.phone === '+7 912 345-67-89' ? MATCHED : null),
} as unknown as ApplicationReferences;

describe('AppendToApplicationHandler', () => {
  it('saves the appended message and appends applications.updated to the outbox', async () => {
    const apps = new InMemoryApplications();
    const outbox = fakeOutbox();
    const a = Application.create(
      ID,
      { source: 'telegram', text: 'первое' },
      { by: null, now: new Date() },
      'З-2026-000007',
    );
    a.pullEvents();
    await apps.insert(a);
    const h = new AppendToApplicationHandler(fakeUow(), apps, outbox, refs);
    const r = await h.execute(new AppendToApplicationCommand(ID, { text: 'второе' }, actor));
    expect(r).toEqual({ id: ID, number: 'З-2026-000007', clientId: null, version: 2, appended: true });
    expect(apps.updates).toEqual([ID]);
    expect(outbox.events.map((e) => e.name)).toEqual(['applications.updated']);
    expect(apps.rows.get(ID)!.text).toBe('первое\n\nвторое');
  });

  it('does not save when nothing changed, and answers 404 for an unknown application', async () => {
    const apps = new InMemoryApplications();
    const a = Application.create(ID, { source: 'telegram', text: 'x' }, { by: null, now: new Date() });
    a.pullEvents();
    await apps.insert(a);
    const h = new AppendToApplicationHandler(fakeUow(), apps, fakeOutbox(), refs);
    expect(await h.execute(new AppendToApplicationCommand(ID, {}, actor))).toMatchObject({ appended: true });
    expect(apps.updates).toEqual([]);
    await expect(
      h.execute(new AppendToApplicationCommand('0193a7c2-0000-7000-8000-0000000000ff', { text: 'y' }, actor)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('links the client a later-shared contact matches, when the application has none', async () => {
    const apps = new InMemoryApplications();
    const outbox = fakeOutbox();
    const a = Application.create(ID, { source: 'telegram', text: 'x' }, { by: null, now: new Date() });
    a.pullEvents();
    await apps.insert(a);
    const h = new AppendToApplicationHandler(fakeUow(), apps, outbox, refs);
    await h.execute(
      new AppendToApplicationCommand(ID, { contact: { name: 'Ольга', phone: '+7 912 345-67-89' } }, actor),
    );
    expect(apps.rows.get(ID)!.clientId).toBe(MATCHED);
    expect(outbox.events.map((e) => e.name)).toEqual(['applications.updated', 'applications.updated']);
  });
});
