import { ERROR_TEXTS, fieldMessageRu, problemMessageRu } from '../../web/src/errors-ru';
import { ERROR_STATUS } from '../../src/shared/errors/error-codes';

describe('web: server problems in Russian', () => {
  it('has Russian text for every code the server can send', () => {
    const missing = Object.keys(ERROR_STATUS).filter((code) => !ERROR_TEXTS[code]);
    expect(missing).toEqual([]);
    for (const text of Object.values(ERROR_TEXTS)) expect(text).toMatch(/^[А-ЯЁ]/);
  });

  it('names a stale version, a duplicate and an unknown code in Russian, never in the server’s English', () => {
    expect(
      problemMessageRu({
        status: 409,
        code: 'COMMON.VERSION_CONFLICT',
        detail: 'order 1 was changed by someone else (current version 3)',
      }),
    ).toBe('Запись уже изменил другой сотрудник: обновите её и примените изменения снова');
    expect(problemMessageRu({ status: 409, code: 'SOMETHING.NEW', detail: 'Some new rule' })).toBe(
      'Конфликт с текущим состоянием данных: обновите страницу',
    );
    expect(problemMessageRu({ status: 503 })).toBe('Сервер временно недоступен, повторите позже');
    expect(
      problemMessageRu({
        status: 422,
        code: 'COMMON.VALIDATION',
        detail: 'The request is not valid',
        errors: [
          { field: 'email', message: 'email must be an email' },
          { field: 'price', message: 'price must be a decimal string' },
        ],
      }),
    ).toBe('Проверьте заполнение полей: Неверный адрес e-mail (email) (и ещё 1)');
  });

  it('translates field messages by kind and lets Russian ones through', () => {
    expect(fieldMessageRu('email is already taken')).toBe('Уже используется');
    expect(fieldMessageRu('fullName should not be empty')).toBe('Обязательное поле');
    expect(fieldMessageRu('note must be at most 2000 characters')).toBe('Не длиннее 2000 символов');
    expect(fieldMessageRu('startAt must be ISO 8601 with an offset')).toBe('Неверная дата или время');
    expect(fieldMessageRu('currency must be an ISO 4217 code')).toBe('Неизвестная валюта');
    expect(fieldMessageRu('imap.host must be a host name or an IPv4 address')).toBe('Неверное имя сервера');
    expect(fieldMessageRu('smtp.from must be an address, e.g. Агентство <zayavki@agency.ru>')).toBe(
      'Неверный адрес e-mail',
    );
    expect(fieldMessageRu('unknown placeholder "totals.totl"')).toMatch(
      /^Неизвестная подстановка \{\{totals\.totl\}\}/,
    );
    expect(fieldMessageRu('Пересечение по времени: перелёт и гостиница')).toBe(
      'Пересечение по времени: перелёт и гостиница',
    );
    expect(fieldMessageRu('zzz')).toBe('Неверное значение');
  });
});
