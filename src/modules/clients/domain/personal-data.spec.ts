import {
  isIsoDate,
  maskEmail,
  maskHandle,
  maskPassport,
  maskPhone,
  normaliseEmail,
  normalisePhone,
  normaliseTelegram,
  parseDate,
  passportKey,
} from './personal-data';

describe('personal data', () => {
  it('normalises every Russian spelling of one phone to the same E.164 number', () => {
    for (const s of [
      '8 (912) 345-67-89',
      '+7 912 345 6789',
      '79123456789',
      '89123456789',
      '9123456789',
      ' +7(912)345-67-89 ',
    ]) {
      expect(normalisePhone(s)).toBe('+79123456789');
    }
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('rejects what cannot be a phone number', () => {
    for (const s of ['', '123', 'call me', '+7 912 345', '8 (912) 345-67-89 доб. 5', '1'.repeat(50)]) {
      expect(normalisePhone(s)).toBeNull();
    }
  });

  it('lower-cases and trims e-mails and rejects non-addresses', () => {
    expect(normaliseEmail('  Ivan.Petrov@Example.RU ')).toBe('ivan.petrov@example.ru');
    expect(normaliseEmail('nope')).toBeNull();
    expect(normaliseEmail('a b@c.ru')).toBeNull();
    expect(normaliseEmail(`${'a'.repeat(250)}@x.ru`)).toBeNull();
  });

  it('keys a passport by its letters and digits only', () => {
    expect(passportKey('45 10', '123-456')).toBe('4510123456');
    expect(passportKey('', '75 1234567')).toBe('751234567');
    expect(passportKey('ab', 'c1')).toBe('ABC1');
  });

  it('masks passports as "45 ** ***123", phones, e-mails and handles', () => {
    expect(maskPassport('4510', '654123')).toBe('45 ** ***123');
    expect(maskPassport('75', '1234567')).toBe('75 ****567');
    expect(maskPassport('', 'AB123')).toBe('**123');
    expect(maskPhone('+79123456789')).toBe('+7 912 ***-**-89');
    expect(maskPhone('+442079460958')).toBe('+442*******58');
    expect(maskPhone('+123')).toBe('***');
    expect(maskEmail('ivanov@example.ru')).toBe('i***@example.ru');
    expect(maskEmail('broken')).toBe('***');
    expect(maskHandle('@ivanov')).toBe('@iv***');
    expect(maskHandle('ivanov')).toBe('@iv***');
  });

  it('reads dates as ДД.ММ.ГГГГ or ISO and refuses impossible ones', () => {
    expect(parseDate('17.05.1985')).toBe('1985-05-17');
    expect(parseDate('7.5.1985')).toBe('1985-05-07');
    expect(parseDate('1985-05-17')).toBe('1985-05-17');
    expect(parseDate('31.02.2000')).toBeNull();
    expect(parseDate('2000-13-01')).toBeNull();
    expect(parseDate('yesterday')).toBeNull();
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });

  it('accepts Telegram usernames with or without @ or a t.me link', () => {
    expect(normaliseTelegram('ivanov_1')).toBe('@ivanov_1');
    expect(normaliseTelegram('@ivanov_1')).toBe('@ivanov_1');
    expect(normaliseTelegram('https://t.me/ivanov_1')).toBe('@ivanov_1');
    expect(normaliseTelegram('@iv')).toBeNull();
    expect(normaliseTelegram('not a handle')).toBeNull();
  });
});
