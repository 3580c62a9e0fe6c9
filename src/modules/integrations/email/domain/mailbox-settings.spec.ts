import { ValidationError } from '../../../../shared/domain/domain-error';
import { bareAddress, parseMailboxSettings } from './mailbox-settings';

const good = {
  imap: { host: 'imap.yandex.ru', port: 993, secure: true, user: 'zayavki@agency.ru', password: 'app-pass' },
  smtp: {
    host: 'smtp.yandex.ru',
    port: 465,
    secure: true,
    user: 'zayavki@agency.ru',
    password: 'app-pass-2',
    from: 'Агентство <zayavki@agency.ru>',
  },
};

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fieldErrors.map((e) => e.field);
    throw err;
  }
  return [];
}

describe('parseMailboxSettings', () => {
  it('keeps good settings with host names lower-cased and INBOX when no mailbox is given', () => {
    const s = parseMailboxSettings({ ...good, imap: { ...good.imap, host: 'IMAP.Yandex.RU' } });
    expect(s.imap).toEqual({ ...good.imap, host: 'imap.yandex.ru', mailbox: 'INBOX' });
    expect(s.smtp.from).toBe('Агентство <zayavki@agency.ru>');
  });

  it('names every bad field when hosts, ports, flags, users, passwords or the from-address are wrong', () => {
    const fields = fieldsOf(() =>
      parseMailboxSettings({
        imap: { host: 'imap yandex', port: 0, secure: 'yes', user: '', password: '', mailbox: 'a\r\nb' },
        smtp: {
          host: '-x-',
          port: 70000,
          secure: true,
          user: 'u',
          password: 'p'.repeat(501),
          from: 'nobody',
        },
      }),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'imap.host',
        'imap.port',
        'imap.secure',
        'imap.user',
        'imap.password',
        'imap.mailbox',
        'smtp.host',
        'smtp.port',
        'smtp.password',
        'smtp.from',
      ]),
    );
  });

  it('asks for both blocks when imap and smtp are missing', () => {
    expect(fieldsOf(() => parseMailboxSettings({}))).toEqual(expect.arrayContaining(['imap', 'smtp']));
  });

  it('never puts a password into an error message when a password is refused', () => {
    try {
      parseMailboxSettings({ ...good, imap: { ...good.imap, password: 'x'.repeat(600) } });
      throw new Error('not refused');
    } catch (err) {
      expect(JSON.stringify((err as ValidationError).fieldErrors)).not.toContain('xxxxxxxxxx');
    }
  });

  it('reads the bare address of a display form, lower-cased, and null when there is none', () => {
    expect(bareAddress('Агентство <Zayavki@Agency.ru>')).toBe('zayavki@agency.ru');
    expect(bareAddress('zayavki@agency.ru')).toBe('zayavki@agency.ru');
    expect(bareAddress('Агентство')).toBeNull();
  });
});
