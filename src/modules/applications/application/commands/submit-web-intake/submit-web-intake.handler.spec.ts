import type { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../../config/app-config';
import type { Actor } from '../../../../../shared/domain/actor';
import { ValidationError } from '../../../../../shared/domain/domain-error';
import { CreateApplicationCommand } from '../create-application/create-application.command';
import { SubmitWebIntakeCommand, type WebIntakeForm } from './submit-web-intake.command';
import { SubmitWebIntakeHandler } from './submit-web-intake.handler';

const actor: Actor = { userId: null, role: 'anonymous', correlationId: 'r1' };
const meta = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0' };

function setup(fail?: Error) {
  const sent: CreateApplicationCommand[] = [];
  const bus = {
    execute: async (c: CreateApplicationCommand) => {
      sent.push(c);
      if (fail) throw fail;
      return { id: 'app-1', version: 1, clientId: null };
    },
  } as unknown as CommandBus;
  const config = { intake: { rateLimitPerMinute: 20, consentTextVersion: 'site-2025' } } as AppConfig;
  return { handler: new SubmitWebIntakeHandler(bus, config), sent };
}

const form = (o: Partial<WebIntakeForm> = {}): WebIntakeForm => ({
  name: 'Мария',
  phone: '+7 912 345 67 89',
  message: 'Турция в мае',
  consent: true,
  ...o,
});

describe('SubmitWebIntakeHandler', () => {
  it('creates a web application with the form as payload and consent given now on the web channel', async () => {
    const { handler, sent } = setup();
    const before = Date.now();
    const r = await handler.execute(new SubmitWebIntakeCommand(form({ website: '  ' }), actor, meta));
    expect(r).toEqual({ stored: true, applicationId: 'app-1' });
    expect(sent).toHaveLength(1);
    const { input } = sent[0];
    expect(input).toMatchObject({
      source: 'web',
      text: 'Турция в мае',
      contact: { name: 'Мария', phone: '+7 912 345 67 89', email: null },
      consent: { channel: 'web', textVersion: 'site-2025' },
      payload: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', form: { consent: true, name: 'Мария' } },
    });
    expect(input.payload).not.toHaveProperty('form.website');
    expect(new Date(input.consent!.givenAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(sent[0].actor).toBe(actor);
  });

  it('keeps the consent text version the form names', async () => {
    const { handler, sent } = setup();
    await handler.execute(new SubmitWebIntakeCommand(form({ consentTextVersion: '2025-09' }), actor, meta));
    expect(sent[0].input.consent!.textVersion).toBe('2025-09');
  });

  it('names the form’s own fields when the application refuses them', async () => {
    const { handler } = setup(
      new ValidationError([
        { field: 'contact.phone', message: 'contact.phone must be a phone number' },
        { field: 'text', message: 'text must be at most 10000 characters' },
      ]),
    );
    await expect(
      handler.execute(new SubmitWebIntakeCommand(form({ phone: 'abc' }), actor, meta)),
    ).rejects.toMatchObject({
      fieldErrors: [
        { field: 'phone', message: 'phone must be a phone number' },
        { field: 'message', message: 'message must be at most 10000 characters' },
      ],
    });
    const other = setup(new Error('db down'));
    await expect(other.handler.execute(new SubmitWebIntakeCommand(form(), actor, meta))).rejects.toThrow(
      'db down',
    );
  });

  it('stores nothing and reports it when the honeypot is filled', async () => {
    const { handler, sent } = setup();
    const r = await handler.execute(
      new SubmitWebIntakeCommand(form({ website: 'http://spam' }), actor, meta),
    );
    expect(r).toEqual({ stored: false, applicationId: null });
    expect(sent).toEqual([]);
  });

  it('answers 422 naming consent without it, and phone without a phone or an e-mail', async () => {
    const { handler, sent } = setup();
    await expect(
      handler.execute(
        new SubmitWebIntakeCommand(form({ consent: false, phone: ' ', email: null }), actor, meta),
      ),
    ).rejects.toMatchObject({
      code: 'COMMON.VALIDATION',
      fieldErrors: [
        { field: 'consent', message: expect.any(String) },
        { field: 'phone', message: 'a phone or an e-mail is required' },
      ],
    });
    expect(sent).toEqual([]);
  });
});
