import { ValidationError } from '../../../shared/domain/domain-error';
import { Integration } from './integration';

const ID = '0193a7c2-0000-7000-8000-0000000000f1';
const TOKEN = '7000001:AAbcdefghijklmnopqrstuvwxyz0123456789';
const ctx = { by: '0193a7c2-0000-7000-8000-0000000000a1', now: new Date('2026-11-29T10:00:00Z') };

function added() {
  const i = Integration.add(
    ID,
    {
      type: 'telegram',
      purpose: 'sales',
      botName: '@agency_bot',
      apiToken: TOKEN,
      webhookSecret: 's3cret',
      tokenFingerprint: 'ab12',
    },
    ctx,
  );
  i.pullEvents();
  return i;
}

describe('Integration', () => {
  it('is added inactive with an audit diff that names the fingerprint and never the token or secret', () => {
    const i = Integration.add(
      ID,
      {
        type: 'telegram',
        purpose: 'operators',
        botName: '@staff_bot',
        apiToken: ` ${TOKEN} `,
        webhookSecret: 's3cret',
        tokenFingerprint: 'ab12',
      },
      ctx,
    );
    expect(i.isActive).toBe(false);
    expect(i.botName).toBe('staff_bot');
    expect(i.secrets).toEqual({ apiToken: TOKEN, webhookSecret: 's3cret' });
    const [event] = i.pullEvents();
    expect(event.name).toBe('integrations.added');
    expect(event.aggregateType).toBe('integration');
    const json = JSON.stringify(event.payload);
    expect(json).toContain('ab12');
    expect(json).not.toContain(TOKEN.split(':')[1]);
    expect(json).not.toContain('s3cret');
  });

  it('rejects a malformed token, an unknown purpose and an unknown type without echoing the token', () => {
    const fieldsOf = (input: Record<string, unknown>): string[] => {
      try {
        Integration.add(
          ID,
          { webhookSecret: 's', tokenFingerprint: 'ffff', ...input } as Parameters<typeof Integration.add>[1],
          ctx,
        );
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        const fields = (e as ValidationError).fieldErrors;
        expect(JSON.stringify(fields)).not.toContain('not-a-token-abc');
        return fields.map((f) => f.field).sort();
      }
      throw new Error('not refused');
    };
    expect(
      fieldsOf({ type: 'telegram', purpose: 'marketing', botName: 'x', apiToken: 'not-a-token-abc' }),
    ).toEqual(['apiToken', 'botName', 'purpose']);
    expect(fieldsOf({ type: 'vk', purpose: 'sales', botName: 'agency_bot', apiToken: TOKEN })).toEqual([
      'type',
    ]);
  });

  it('takes a mailbox for sales only, named by its address, with no token when the type is email', () => {
    const i = Integration.add(
      ID,
      {
        type: 'email',
        purpose: 'sales',
        botName: ' zayavki@agency.ru ',
        apiToken: '',
        webhookSecret: 's',
        tokenFingerprint: 'ab12',
      },
      ctx,
    );
    expect(i.botName).toBe('zayavki@agency.ru');
    expect(i.secrets.apiToken).toBe('');
    try {
      Integration.add(
        ID,
        {
          type: 'email',
          purpose: 'operators',
          botName: '',
          apiToken: '',
          webhookSecret: 's',
          tokenFingerprint: 'ab12',
        },
        ctx,
      );
      throw new Error('not refused');
    } catch (e) {
      expect((e as ValidationError).fieldErrors.map((f) => f.field).sort()).toEqual(['botName', 'purpose']);
    }
  });

  it('takes a WhatsApp number with its secrets and names each bad field without echoing a secret', () => {
    const ok = Integration.add(
      ID,
      {
        type: 'whatsapp',
        purpose: 'sales',
        botName: 'Агентство WhatsApp',
        apiToken: `EAAG${'t'.repeat(40)}`,
        webhookSecret: 'verify-token-1',
        tokenFingerprint: 'abcd',
        appSecret: 'app-secret-1',
        phoneNumberId: '106540352242922',
        settings: { templateName: 'application_received', templateLanguage: 'ru' },
      },
      ctx,
    );
    expect(ok.secrets).toMatchObject({ appSecret: 'app-secret-1', phoneNumberId: '106540352242922' });
    expect(ok.settings).toEqual({ templateName: 'application_received', templateLanguage: 'ru' });
    try {
      Integration.add(
        ID,
        {
          type: 'whatsapp',
          purpose: 'sales',
          botName: '',
          apiToken: 'short secret',
          webhookSecret: 'v',
          tokenFingerprint: 'abcd',
          appSecret: 'a b',
          phoneNumberId: 'abc',
          settings: { templateName: 'Bad Name', templateLanguage: 'russian' },
        },
        ctx,
      );
      throw new Error('accepted');
    } catch (e) {
      const fields = (e as ValidationError).fieldErrors;
      expect(fields.map((f) => f.field).sort()).toEqual([
        'accessToken',
        'appSecret',
        'botName',
        'phoneNumberId',
        'templateLanguage',
        'templateName',
        'verifyToken',
      ]);
      expect(JSON.stringify(fields)).not.toContain('short secret');
    }
  });

  it('activates, clearing lastError, and deactivates once', () => {
    const i = added();
    i.connectionFailed('401 Unauthorized', ctx);
    i.pullEvents();
    i.activated('agency_bot', ctx);
    expect(i.isActive).toBe(true);
    expect(i.lastError).toBeNull();
    const [activated] = i.pullEvents();
    expect(activated.payload).toMatchObject({ diff: { lastError: { from: '401 Unauthorized', to: null } } });
    i.deactivate(ctx);
    i.deactivate(ctx);
    expect(i.pullEvents().map((e) => e.name)).toEqual(['integrations.deactivated']);
    expect(i.isActive).toBe(false);
  });

  it('records a connection failure once per distinct error and stops the bot', () => {
    const i = added();
    i.activated('agency_bot', ctx);
    i.pullEvents();
    i.connectionFailed('401 Unauthorized', ctx);
    i.connectionFailed('401 Unauthorized', ctx);
    const events = i.pullEvents();
    expect(events.map((e) => e.name)).toEqual(['integrations.connection-failed']);
    expect(i.isActive).toBe(false);
    expect(i.lastError).toBe('401 Unauthorized');
    i.connectionFailed('x'.repeat(900), ctx);
    expect(i.lastError).toHaveLength(500);
  });

  it('replaces the token and secret, stopping the bot, with only fingerprints in the diff', () => {
    const i = added();
    i.activated('agency_bot', ctx);
    i.pullEvents();
    const next = '7000002:AAzyxwvutsrqponmlkjihgfedcba9876543210';
    expect(() => i.replaceToken('garbage', 'eeee', 'new', ctx)).toThrow(ValidationError);
    i.replaceToken(next, 'cd34', 'new-secret', ctx);
    expect(i.secrets).toEqual({ apiToken: next, webhookSecret: 'new-secret' });
    expect(i.isActive).toBe(false);
    const [e] = i.pullEvents();
    expect(e.name).toBe('integrations.token-replaced');
    expect(e.payload).toEqual({
      diff: { tokenFingerprint: { from: 'ab12', to: 'cd34' }, isActive: { from: true, to: false } },
    });
  });
});
