import type { CommandBus } from '@nestjs/cqrs';
import { DomainError, ValidationError } from '../../../../../shared/domain/domain-error';
import type { Actor } from '../../../../../shared/domain/actor';
import { CreateClientCommand } from '../../../../clients/application/commands/create-client/create-client.command';
import { CreateOrderCommand } from '../../../../orders/application/commands/create-order/create-order.command';
import { Application, type ApplicationInput } from '../../../domain/application';
import type { ApplicationReferences } from '../../services/application-references';
import {
  fakeOutbox,
  fakeUow,
  InMemoryApplications,
} from '../../../../../../test/support/application-doubles';
import { ConvertApplicationCommand } from './convert-application.command';
import { ConvertApplicationHandler } from './convert-application.handler';

const actor: Actor = {
  userId: '0193a7c2-0000-7000-8000-0000000000a1',
  role: 'operator',
  correlationId: 'r1',
};
const ASSIGNEE = '0193a7c2-0000-7000-8000-0000000000a2';
const LINKED = '0193a7c2-0000-7000-8000-00000000c001';
const MATCHED = '0193a7c2-0000-7000-8000-00000000c002';
const NEW_CLIENT = '0193a7c2-0000-7000-8000-00000000c003';
const MERGED = '0193a7c2-0000-7000-8000-00000000c004';
const LINKED_SURVIVOR = '0193a7c2-0000-7000-8000-00000000c005';
const ORDER = '0193a7c2-0000-7000-8000-00000000d001';
const consent = { givenAt: '2026-11-22T10:00:00+03:00', channel: 'web', textVersion: '2025-09' };

function setup(
  options: { live?: string[]; match?: string | null; clientError?: Error; orderError?: Error } = {},
) {
  const applications = new InMemoryApplications();
  const outbox = fakeOutbox();
  const sent: unknown[] = [];
  const bus = {
    execute: async (command: unknown) => {
      sent.push(command);
      if (command instanceof CreateClientCommand) {
        if (options.clientError) throw options.clientError;
        return { id: NEW_CLIENT, version: 1 };
      }
      if (command instanceof CreateOrderCommand) {
        if (options.orderError) throw options.orderError;
        return { id: ORDER, number: '2026-000001', version: 1 };
      }
      throw new Error('unexpected command');
    },
  } as unknown as CommandBus;
  const refs = {
    liveClient: async (id: string) =>
      (options.live ?? []).includes(id) ? id : id === MERGED ? LINKED_SURVIVOR : null,
    matchClient: async () => options.match ?? null,
  } as unknown as ApplicationReferences;
  const handler = new ConvertApplicationHandler(fakeUow(), applications, outbox, refs, bus);
  const add = (overrides: Partial<ApplicationInput> = {}) => {
    const a = Application.create(
      `0193a7c2-0000-7000-8000-0000000000${String(applications.rows.size + 10)}`,
      {
        source: 'web',
        text: 'Хотим в Париж',
        contact: {
          name: 'Иван Петров',
          phone: '+79123456789',
          email: 'ivan@example.ru',
          telegram: '@ivan_p',
        },
        consent,
        ...overrides,
      },
      { by: null, now: new Date() },
    );
    a.pullEvents();
    applications.rows.set(a.id, a);
    return a;
  };
  return { handler, applications, outbox, sent, add };
}

describe('ConvertApplicationHandler', () => {
  it('creates a draft order for the linked client with the text as its note and marks the application converted', async () => {
    const s = setup({ live: [LINKED] });
    const a = s.add({ clientId: LINKED, assigneeId: ASSIGNEE });
    const result = await s.handler.execute(new ConvertApplicationCommand(a.id, actor, { currency: 'EUR' }));
    expect(result).toEqual({ applicationId: a.id, orderId: ORDER, clientId: LINKED });
    expect(s.sent).toHaveLength(1);
    expect((s.sent[0] as CreateOrderCommand).input).toEqual({
      clientId: LINKED,
      currency: 'EUR',
      note: 'Хотим в Париж',
      managerId: ASSIGNEE,
      applicationId: a.id,
    });
    expect((s.sent[0] as CreateOrderCommand).actor).toBe(actor);
    const saved = s.applications.rows.get(a.id)!;
    expect(saved.status).toBe('converted');
    expect(saved.orderId).toBe(ORDER);
    expect(s.outbox.events.map((e) => [e.name, e.payload])).toEqual([
      [
        'applications.converted',
        expect.objectContaining({ orderId: ORDER, clientId: LINKED, clientCreated: false }),
      ],
    ]);
  });

  it('follows a linked client that was merged to its survivor', async () => {
    const s = setup({ match: MATCHED });
    const a = s.add({ clientId: MERGED });
    const result = await s.handler.execute(new ConvertApplicationCommand(a.id, actor));
    expect(result.clientId).toBe(LINKED_SURVIVOR);
    expect((s.sent[0] as CreateOrderCommand).input.clientId).toBe(LINKED_SURVIVOR);
  });

  it('uses the client the contact matches now when the linked one is gone, in roubles by default, managed by the actor', async () => {
    const s = setup({ match: MATCHED });
    const a = s.add({ clientId: LINKED });
    const result = await s.handler.execute(new ConvertApplicationCommand(a.id, actor));
    expect(result.clientId).toBe(MATCHED);
    expect(s.sent.map((c) => (c as object).constructor.name)).toEqual(['CreateOrderCommand']);
    expect((s.sent[0] as CreateOrderCommand).input).toMatchObject({
      currency: 'RUB',
      managerId: actor.userId,
    });
  });

  it('creates the client from the contact with the application’s consent when none is linked or matches', async () => {
    const s = setup();
    const a = s.add();
    const result = await s.handler.execute(new ConvertApplicationCommand(a.id, actor));
    expect(result.clientId).toBe(NEW_CLIENT);
    const create = s.sent[0] as CreateClientCommand;
    expect(create).toBeInstanceOf(CreateClientCommand);
    expect(create.input).toEqual({
      fullName: 'Иван Петров',
      emails: ['ivan@example.ru'],
      phones: ['+79123456789'],
      telegram: '@ivan_p',
      consent,
    });
    expect(create.source).toBe('application');
    expect((s.sent[1] as CreateOrderCommand).input.clientId).toBe(NEW_CLIENT);
    expect(s.outbox.events[0].payload).toMatchObject({ clientCreated: true, clientId: NEW_CLIENT });
  });

  it('answers 422 on contact.name and sends nothing when a client would be needed but the contact has no name', async () => {
    const s = setup();
    const a = s.add({ contact: { phone: '+79123456789' } });
    await expect(s.handler.execute(new ConvertApplicationCommand(a.id, actor))).rejects.toMatchObject({
      code: 'COMMON.VALIDATION',
      fieldErrors: [{ field: 'contact.name', message: expect.any(String) }],
    });
    expect(s.sent).toEqual([]);
    expect(s.applications.updates).toEqual([]);
  });

  it('names the contact’s fields when the client cannot be created from them', async () => {
    const s = setup({
      clientError: ValidationError.field('phones[0]', 'phones[0] must be a valid phone number'),
    });
    const a = s.add({ contact: { name: 'Иван', phone: '12345' } });
    await expect(s.handler.execute(new ConvertApplicationCommand(a.id, actor))).rejects.toMatchObject({
      fieldErrors: [
        {
          field: 'contact.phone',
          message: expect.stringContaining('phones[0] must be a valid phone number'),
        },
      ],
    });
    expect(s.applications.updates).toEqual([]);
  });

  it('refuses a second conversion and a rejected application with 409 and sends no command', async () => {
    const s = setup({ live: [LINKED] });
    const a = s.add({ clientId: LINKED });
    await s.handler.execute(new ConvertApplicationCommand(a.id, actor));
    s.sent.length = 0;
    await expect(s.handler.execute(new ConvertApplicationCommand(a.id, actor))).rejects.toMatchObject({
      code: 'APPLICATIONS.ALREADY_CONVERTED',
      details: { orderId: ORDER },
    });
    const r = s.add({ clientId: LINKED });
    r.update({ status: 'rejected', rejectionReason: 'spam' }, { by: null, now: new Date() });
    r.pullEvents();
    await expect(s.handler.execute(new ConvertApplicationCommand(r.id, actor))).rejects.toMatchObject({
      code: 'APPLICATIONS.INVALID_TRANSITION',
    });
    expect(s.sent).toEqual([]);
  });

  it('leaves the application unconverted when the order cannot be created, and 404s an unknown id', async () => {
    const s = setup({ live: [LINKED], orderError: new DomainError('COMMON.VALIDATION', 'bad order') });
    const a = s.add({ clientId: LINKED });
    await expect(s.handler.execute(new ConvertApplicationCommand(a.id, actor))).rejects.toThrow('bad order');
    expect(s.applications.updates).toEqual([]);
    expect(s.outbox.events).toEqual([]);
    await expect(
      s.handler.execute(new ConvertApplicationCommand('0193a7c2-0000-7000-8000-00000000ffff', actor)),
    ).rejects.toMatchObject({ code: 'COMMON.NOT_FOUND' });
  });
});
