/**
 * The server speaks English in problem+json (`title`, `detail`, `errors[].message`); staff read
 * Russian. This is the one table that turns a problem into Russian text: by its stable `code`,
 * field messages by their kind, and a Russian fallback by HTTP status for anything unknown.
 * The server's own words are never shown as the message (only Russian ones it already sends,
 * such as route conflicts, pass through).
 */

/** Problem `code` → what the user reads. */
export const ERROR_TEXTS: Record<string, string> = {
  'COMMON.VALIDATION': 'Проверьте заполнение полей',
  'COMMON.MALFORMED_REQUEST': 'Запрос не разобран: неверный формат данных',
  'COMMON.NOT_FOUND': 'Не найдено: запись удалена или ссылка неверна',
  'COMMON.FORBIDDEN': 'Нет прав на это действие',
  'COMMON.UNAUTHORIZED': 'Сессия закончилась, войдите снова',
  'COMMON.CONFLICT': 'Действие противоречит текущему состоянию данных',
  'COMMON.VERSION_CONFLICT': 'Запись уже изменил другой сотрудник: обновите её и примените изменения снова',
  'COMMON.GONE': 'Ссылка устарела или запись больше недоступна',
  'COMMON.PAYLOAD_TOO_LARGE': 'Слишком большой файл или запрос',
  'COMMON.UNSUPPORTED_MEDIA_TYPE': 'Неподдерживаемый тип файла',
  'COMMON.RATE_LIMITED': 'Слишком много запросов, подождите немного и повторите',
  'COMMON.UNAVAILABLE': 'Сервис временно недоступен, повторите через минуту',
  'COMMON.INTERNAL': 'Внутренняя ошибка сервера, повторите позже',
  'AUTH.INVALID_CREDENTIALS': 'Неверный e-mail или пароль',
  'AUTH.INVALID_REFRESH_TOKEN': 'Сессия закончилась, войдите снова',
  'AUTH.TOO_MANY_ATTEMPTS': 'Слишком много попыток входа, подождите и попробуйте снова',
  'USERS.EMAIL_TAKEN': 'Сотрудник с таким e-mail уже есть',
  'USERS.CANNOT_DELETE_SELF': 'Нельзя отключить собственную учётную запись',
  'CLIENTS.DUPLICATE': 'Такой клиент уже есть (совпадает телефон, e-mail или паспорт)',
  'CLIENTS.MERGED': 'Клиент объединён с другой карточкой',
  'CLIENTS.ALREADY_MERGED': 'Эти карточки уже объединены',
  'CLIENTS.FILE_TYPE': 'Этот тип файла не принимается',
  'CLIENTS.FILE_TOO_LARGE': 'Файл слишком большой',
  'CLIENTS.IMPORT_HEADER': 'В файле импорта неверная строка заголовков',
  'APPLICATIONS.INVALID_TRANSITION': 'Заявку нельзя перевести в этот статус',
  'APPLICATIONS.ALREADY_CONVERTED': 'Заявка уже превращена в заказ',
  'ORDERS.INVALID_TRANSITION': 'Заказ нельзя перевести в этот статус',
  'ORDERS.SERVICE_CONFLICT': 'Услуга конфликтует с маршрутом заказа',
  'ORDERS.LOCKED': 'Заказ закрыт для изменений',
  'ORDERS.NOT_DELETABLE': 'Эту запись заказа удалить нельзя',
  'ORDERS.CURRENCY_LOCKED': 'Валюту заказа уже нельзя изменить',
  'DOCUMENTS.AGENCY_SETTINGS_MISSING': 'Сначала заполните реквизиты агентства (Настройки → Агентство)',
  'DOCUMENTS.FINAL': 'Документ окончательный и больше не меняется',
  'TEMPLATES.INVALID': 'Шаблон не принят',
  'FINANCE.REFUND_LIMIT': 'Возврат больше, чем было оплачено',
  'FINANCE.ORDER_CANCELLED': 'Заказ отменён: платежи по нему не принимаются',
  'FINANCE.NOT_CANCELLABLE': 'Этот платёж отменить нельзя',
  'FINANCE.AGENCY_REQUISITES_MISSING': 'Сначала заполните реквизиты агентства (Настройки → Агентство)',
  'INTEGRATIONS.ADMIN_PASSWORD_REQUIRED': 'Неверный пароль администратора',
  'INTEGRATIONS.CONNECTION_FAILED': 'Не удалось подключиться: проверьте адрес, порт, логин и пароль',
  'PRIVACY.ALREADY_DESTROYED': 'Персональные данные клиента уже уничтожены',
  'PRIVACY.ALREADY_WITHDRAWN': 'Согласие уже отозвано',
  'PRIVACY.ALREADY_EXTENDED': 'Срок уже продлён',
  'PRIVACY.REQUEST_CLOSED': 'Запрос уже закрыт',
  'PRIVACY.TRANSFER_NOT_NOTIFIED': 'Сначала уведомите о трансграничной передаче',
  'IDEMPOTENCY.KEY_REUSED': 'Повтор запроса с другими данными: обновите страницу',
  'IDEMPOTENCY.IN_PROGRESS': 'Предыдущий такой же запрос ещё выполняется',
  'STORAGE.LINK_EXPIRED': 'Ссылка на файл устарела, запросите файл снова',
  'STORAGE.LINK_INVALID': 'Неверная ссылка на файл',
  'STORAGE.INVALID_KEY': 'Неверное имя файла',
  'STORAGE.KEY_CONFLICT': 'Файл с таким именем уже есть',
  'OUTBOX.NOT_PARKED': 'Событие не отложено',
};

/** When the code is unknown: by HTTP status. */
export function statusText(status: number): string {
  if (status === 0) return 'Нет связи с сервером';
  if (status === 400) return 'Неверный запрос';
  if (status === 401) return 'Сессия закончилась, войдите снова';
  if (status === 403) return 'Нет прав на это действие';
  if (status === 404) return 'Не найдено';
  if (status === 409) return 'Конфликт с текущим состоянием данных: обновите страницу';
  if (status === 413) return 'Слишком большой файл или запрос';
  if (status === 422) return 'Данные не приняты';
  if (status === 429) return 'Слишком много запросов, подождите немного';
  if (status >= 500) return 'Сервер временно недоступен, повторите позже';
  return `Ошибка ${status}`;
}

/** Russian already: the first letter is Cyrillic (route conflicts, the web app's own texts). */
const CYRILLIC = /^[^A-Za-zА-Яа-яЁё]*[А-Яа-яЁё]/;

/** Field message kinds (class-validator's and the domain's wording) → Russian. */
const FIELD_KINDS: [RegExp, string | ((m: RegExpMatchArray) => string)][] = [
  [/password must contain a letter and a digit/i, 'Пароль должен содержать букву и цифру'],
  [/a phone or an e-mail is required/i, 'Нужен телефон или e-mail'],
  [/already (?:taken|exists|in use|registered)/i, 'Уже используется'],
  [/should not be empty|must not be empty|is required|must name at least one/i, 'Обязательное поле'],
  [/must be an email|e-?mail address|must be an address/i, 'Неверный адрес e-mail'],
  [/host name/i, 'Неверное имя сервера'],
  [/must be a phone number|phone/i, 'Неверный номер телефона'],
  [/must be one of|must be (?:internal or foreign|a short lower-case code)/i, 'Недопустимое значение'],
  [/(?:at most|shorter than or equal to) (\d+) characters/i, (m) => `Не длиннее ${m[1]} символов`],
  [/(?:at least|longer than or equal to) (\d+) characters/i, (m) => `Не короче ${m[1]} символов`],
  [/may hold at most (\d+) items|at most (\d+) items/i, (m) => `Не больше ${m[1] ?? m[2]} элементов`],
  [/must be after/i, 'Дата должна быть позже начальной'],
  [/ISO 8601|date|YYYY-MM-DD|time/i, 'Неверная дата или время'],
  [/ISO 4217|currency/i, 'Неизвестная валюта'],
  [/rate to \w+ is required/i, 'Укажите курс к валюте заказа'],
  [/decimal|amount|price|money/i, 'Неверная сумма (например, 12500.00)'],
  [/must be a UUID|uuid/i, 'Неверный идентификатор'],
  [/not be greater than (\d+)|must be at most (\d+)$/i, (m) => `Не больше ${m[1] ?? m[2]}`],
  [/not be less than (\d+)|must be at least (\d+)$/i, (m) => `Не меньше ${m[1] ?? m[2]}`],
  [/integer/i, 'Нужно целое число'],
  [/must be a number/i, 'Нужно число'],
  [/boolean/i, 'Нужно «да» или «нет»'],
  [/(\d+) digits|digits|letters and digits/i, 'Неверный формат номера'],
  [/INN|КПП|KPP|OGRN|BIK|account|checksum|check digit/i, 'Неверные реквизиты (проверьте контрольное число)'],
  [/unbalanced \{\{ \}\}/i, 'Незакрытые скобки {{ }} в подстановке'],
  [
    /unknown placeholder "([^"]+)"/i,
    (m) => `Неизвестная подстановка {{${m[1]}}}: такого поля нет в данных документа`,
  ],
  [/unknown asset "([^"]+)"/i, (m) => `Неизвестное изображение «${m[1]}»: загрузите его вместе с шаблоном`],
  [/PNG or JPEG/i, 'Изображение должно быть PNG или JPEG'],
  [/trial render failed/i, 'Пробная печать шаблона не удалась'],
  [/not a valid|invalid|must be/i, 'Неверное значение'],
];

/** One field message in Russian (Russian ones, e.g. route conflicts, pass through as they are). */
export function fieldMessageRu(message: string): string {
  if (CYRILLIC.test(message)) return message;
  for (const [re, text] of FIELD_KINDS) {
    const m = message.match(re);
    if (m) return typeof text === 'string' ? text : text(m);
  }
  return 'Неверное значение';
}

export interface ProblemLike {
  status: number;
  code?: string;
  detail?: string;
  title?: string;
  errors?: { field: string; message: string }[];
}

/** The whole problem as one Russian sentence for an alert. */
export function problemMessageRu(p: ProblemLike): string {
  if (p.detail && CYRILLIC.test(p.detail)) return p.detail; // already Russian (e.g. the web app's own)
  const base = (p.code && ERROR_TEXTS[p.code]) || statusText(p.status);
  const fields = p.errors ?? [];
  if (!fields.length || p.code === 'TEMPLATES.INVALID') return base;
  const first = fields[0]!;
  const more = fields.length > 1 ? ` (и ещё ${fields.length - 1})` : '';
  return `${base}: ${fieldMessageRu(first.message)} (${first.field})${more}`;
}
