import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { everyInputLabelled, noSeriousViolations } from './a11y';
import { test, expect, ADMIN, login, must } from './fixtures';
import { urlFor } from './server';

/** The text of a PDF as pdftotext (poppler-utils) reads it. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-web-pdf-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    return execFileSync('pdftotext', [join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A supplier's answer as the supplier bot's command stores it on the service row (the bot itself
 * talks to Telegram, which the browser tests do not fake).
 */
async function supplierAnswers(
  serviceId: string,
  supplier: string,
  status: 'confirmed' | 'rejected',
  reason?: string,
) {
  const db = new Client({ connectionString: urlFor(process.env.E2E_DATABASE!) });
  await db.connect();
  try {
    await db.query(
      `UPDATE order_services SET confirmation_status = $2, confirmation_reason = $3,
              confirmation_supplier = $4, confirmation_decided_at = now() WHERE id = $1`,
      [serviceId, status, reason ?? null, supplier],
    );
  } finally {
    await db.end();
  }
}

test('the order page shows each supplier’s answer with the reason, and the orders list filters by it', async ({
  page,
  admin,
}) => {
  test.setTimeout(180_000); // the shared machine runs several suites at once
  const client = await must(
    admin.POST('/api/v1/clients', { body: { fullName: 'Ольга Поставщикова', phones: ['+79035550011'] } }),
  );
  const order = await must(admin.POST('/api/v1/orders', { body: { clientId: client.id, currency: 'RUB' } }));
  const other = await must(admin.POST('/api/v1/orders', { body: { clientId: client.id, currency: 'RUB' } }));
  const msk = { city: 'Москва', country: 'RU', timeZone: 'Europe/Moscow', iata: 'SVO' };
  const ist = { city: 'Стамбул', country: 'TR', timeZone: 'Europe/Istanbul', iata: 'IST' };
  const add = (orderId: string, body: Record<string, unknown>) =>
    must(
      admin.POST('/api/v1/orders/{id}/services', {
        params: { path: { id: orderId } },
        body: { currency: 'RUB', price: '10000.00', force: true, ...body } as never,
      }),
    );
  const flight = await add(order.id, {
    type: 'flight',
    location: msk,
    destination: ist,
    supplier: 'Аэрофлот',
    startAt: '2027-09-01T09:00:00+03:00',
    endAt: '2027-09-01T13:00:00+03:00',
  });
  const hotel = await add(order.id, {
    type: 'hotel',
    location: ist,
    supplier: 'Hotel Pera',
    startAt: '2027-09-01T15:00:00+03:00',
    endAt: '2027-09-05T12:00:00+03:00',
  });
  await add(order.id, {
    type: 'excursion',
    location: ist,
    supplier: 'Босфор Тур',
    startAt: '2027-09-02T10:00:00+03:00',
    endAt: '2027-09-02T13:00:00+03:00',
  });
  await add(order.id, {
    type: 'transfer',
    location: ist,
    destination: ist,
    startAt: '2027-09-05T13:00:00+03:00',
    endAt: '2027-09-05T14:00:00+03:00',
  });
  const otherFlight = await add(other.id, {
    type: 'flight',
    location: msk,
    destination: ist,
    supplier: 'S7',
    startAt: '2027-10-01T09:00:00+03:00',
    endAt: '2027-10-01T13:00:00+03:00',
  });
  await supplierAnswers(flight.id, 'Аэрофлот', 'confirmed');
  await supplierAnswers(hotel.id, 'Hotel Pera', 'rejected', 'Нет мест на эти даты');
  await supplierAnswers(otherFlight.id, 'S7', 'confirmed');

  await login(page);
  await page.goto(`/orders/${order.id}`);
  await expect(page.getByRole('row', { name: /Аэрофлот/ })).toContainText('Подтверждено поставщиком');
  const hotelRow = page.getByRole('row', { name: /Hotel Pera/ });
  await expect(hotelRow).toContainText('Отклонено поставщиком');
  await expect(hotelRow).toContainText('Причина: Нет мест на эти даты');
  await expect(page.getByRole('row', { name: /Босфор Тур/ })).toContainText('Ожидает ответа поставщика');
  // a service without a supplier waits for no one
  await expect(page.locator(`tr[data-service-id] [data-confirmation]`)).toHaveCount(3);

  await page.goto('/orders');
  const filter = page.getByLabel('Подтверждения поставщиков');
  await filter.selectOption({ label: 'Отклонены поставщиком' });
  await expect(page).toHaveURL(/confirmation=rejected/);
  await expect(page.getByRole('link', { name: order.number })).toBeVisible();
  await expect(page.getByRole('link', { name: other.number })).toBeHidden();
  await filter.selectOption({ label: 'Ждут ответа поставщика' });
  await expect(page.getByRole('link', { name: order.number })).toBeVisible();
  await expect(page.getByRole('link', { name: other.number })).toBeHidden();
  await filter.selectOption({ label: 'Все подтверждения' });
  await expect(page.getByRole('link', { name: other.number })).toBeVisible();
});

test('an admin previews a template version as a PDF and sees the server’s 422 reasons in Russian', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page);
  await page.goto('/templates');
  await page.getByRole('tab', { name: 'Счёт' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Счёт' });
  const row = panel.getByRole('row', { name: /Активна/ });
  // the PDF the server sends, read as it passes to the page (not replaced)
  let pdf: Buffer = Buffer.alloc(0);
  await page.route(/\/templates\/invoice\/versions\/\d+\/preview$/, async (route) => {
    const response = await route.fetch();
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    pdf = await response.body();
    await route.fulfill({ response });
  });
  await page.evaluate(() => {
    (window as unknown as { csp: string[] }).csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { csp: string[] }).csp.push(e.effectiveDirective),
    );
  });
  await row.getByRole('button', { name: 'Просмотр PDF' }).click();
  const dialog = page.getByRole('dialog', { name: /Счёт: версия \d+ на образце данных/ });
  const frame = dialog.locator('iframe[title^="Образец PDF"]');
  await expect(frame).toBeVisible();
  expect(await frame.getAttribute('src')).toMatch(/^blob:/);
  // the frame is allowed by the page's Content-Security-Policy
  expect(await page.evaluate(() => (window as unknown as { csp: string[] }).csp)).toEqual([]);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain(SAMPLE_AGENCY.inn);
  expect(text).toContain('Пример Тур');
  await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
  await expect(dialog).toBeHidden();

  // a broken template: the server's 422 (TEMPLATES.INVALID, English reasons) shown in Russian
  await panel
    .getByLabel(/Описание документа/)
    .fill(JSON.stringify({ content: ['Итого {{totals.totl}} и {{client.fullName'] }));
  await panel.getByLabel('Комментарий к версии').fill('опечатка');
  await panel.getByRole('button', { name: 'Загрузить' }).click();
  const alert = panel.getByRole('alert').filter({ hasText: 'Шаблон не принят' });
  await expect(alert).toContainText('Неизвестная подстановка {{totals.totl}}');
  await expect(alert).toContainText('Незакрытые скобки');
  await expect(alert).not.toContainText('unknown placeholder');
});

test('an admin adds a mailbox with the admin password; no password is ever shown back; server errors read in Russian', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page);
  await page.goto('/settings?tab=integrations');
  await expect(page.getByRole('tab', { name: 'Интеграции', selected: true })).toBeVisible();
  await page.getByRole('button', { name: 'Подключить почтовый ящик' }).click();
  const dialog = page.getByRole('dialog', { name: 'Подключить почтовый ящик' });
  await everyInputLabelled(page, 'mailbox form');
  await noSeriousViolations(page, 'mailbox form');
  const imapPassword = 'imap-app-Passw0rd-secret';
  await dialog.getByLabel('Адрес ящика').fill('zayavki@e2e-agency.ru');
  await dialog.getByLabel('IMAP-сервер').fill('imap.e2e-agency.ru');
  await dialog.getByLabel('IMAP-логин').fill('zayavki@e2e-agency.ru');
  await dialog.getByLabel(/IMAP-пароль/).fill(imapPassword);
  await dialog.getByLabel('SMTP-сервер').fill('smtp.e2e-agency.ru');
  await dialog.getByLabel('Отправитель').fill('Агентство <zayavki@e2e-agency.ru>');
  await dialog.getByLabel('Пароль администратора').fill('not-the-admin-password');
  await dialog.getByRole('button', { name: 'Подключить' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Неверный пароль администратора');
  await expect(dialog.getByLabel('Пароль администратора')).toHaveValue('');
  await dialog.getByLabel('Пароль администратора').fill(ADMIN.password);
  await dialog.getByRole('button', { name: 'Подключить' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /zayavki@e2e-agency\.ru/ });
  await expect(row).toContainText('Почта');
  await expect(row).toContainText('Продажи (клиенты)');
  await expect(page.locator('body')).not.toContainText(imapPassword);
  // the form never comes back filled
  await page.getByRole('button', { name: 'Подключить почтовый ящик' }).click();
  await expect(dialog.getByLabel(/IMAP-пароль/)).toHaveValue('');
  await dialog.getByRole('button', { name: 'Отмена' }).click();

  // a 409 with a field error (USERS.EMAIL_TAKEN, "email is already taken") next to the field, in Russian
  await page.goto('/settings?tab=users');
  await page.getByRole('button', { name: 'Добавить сотрудника' }).click();
  const user = page.getByRole('dialog', { name: 'Новый сотрудник' });
  await user.getByLabel('Имя и фамилия').fill('Двойник Админа');
  await user.getByLabel('E-mail').fill(ADMIN.email);
  await user.getByLabel('Временный пароль').fill('Staff-Passw0rd-2026!');
  await user.getByRole('button', { name: 'Создать' }).click();
  await expect(user.locator('.ant-form-item-explain-error')).toHaveText('Уже используется');
  await expect(user).not.toContainText('already');
});
