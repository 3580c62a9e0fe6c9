import { readFileSync } from 'node:fs';
import { test, expect, ensureAgency, login, must } from './fixtures';

test.describe('an operator working an order', () => {
  test('converts an application, adds a flight and a hotel, sees the conflict on those two services, issues an invoice and records a payment when working through the browser', async ({
    page,
    admin,
  }) => {
    await ensureAgency(admin);
    await must(
      admin.POST('/api/v1/applications', {
        body: {
          source: 'telegram',
          text: 'Хотим в Париж 1–7 июня, двое взрослых',
          contact: { name: 'Пётр Соколов', phone: '+79161234567' },
        } as never,
      }),
    );
    await login(page);
    await page.getByRole('link', { name: 'Заявки' }).click();
    await page.getByRole('button', { name: /Хотим в Париж 1–7 июня/ }).click();
    await page.getByRole('button', { name: 'Взять в работу' }).click();
    await expect(page.getByText('Заявка обновлена')).toBeVisible();
    await page.getByRole('button', { name: 'Создать заказ' }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 2, name: /^Заказ / })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Пётр Соколов' })).toBeVisible();

    // a flight Moscow → Paris landing 14:30 Paris time, and a hotel in Paris from 12:00: check-in before arrival
    await addService(page, {
      type: 'Перелёт',
      from: 'Москва',
      to: 'Париж',
      start: '2027-06-01T10:00',
      end: '2027-06-01T14:30',
      supplier: 'Аэрофлот',
      price: '30000',
    });
    const flight = page.getByRole('row', { name: /Перелёт · Аэрофлот/ });
    await expect(flight).toContainText('01.06.2027 10:00 (Москва)');
    await expect(flight).toContainText('01.06.2027 14:30 (Париж)');
    await expect(flight.getByText('Нет', { exact: true })).toBeVisible();

    await addService(page, {
      type: 'Гостиница',
      from: 'Париж',
      start: '2027-06-01T12:00',
      end: '2027-06-07T12:00',
      supplier: 'Hotel Louvre',
      price: '80000',
    });
    await addService(page, {
      type: 'Экскурсия',
      from: 'Париж',
      start: '2027-06-02T10:00',
      end: '2027-06-02T13:00',
      supplier: 'Лувр',
      price: '5000',
    });

    const hotel = page.getByRole('row', { name: /Гостиница · Hotel Louvre/ });
    const excursion = page.getByRole('row', { name: /Экскурсия · Лувр/ });
    await expect(hotel.getByRole('note', { name: /Заезд в гостиницу в городе Париж/ })).toBeVisible();
    await expect(flight.getByRole('note', { name: /Заезд в гостиницу в городе Париж/ })).toBeVisible();
    await expect(hotel.getByText('Предупреждение')).toBeVisible();
    await expect(excursion.getByText('Нет', { exact: true })).toBeVisible();
    await expect(page.getByText('Конфликты маршрута: 1', { exact: true })).toBeVisible();
    await expect(page.getByRole('article')).toContainText('115 000,00 ₽');

    // an invoice: generate, then download the PDF
    await page.getByLabel('Тип документа').selectOption('invoice');
    await page.getByRole('button', { name: 'Сформировать' }).click();
    const invoiceRow = page.getByRole('row', { name: /Счёт №/ });
    await expect(invoiceRow).toBeVisible();
    const download = page.waitForEvent('download');
    await invoiceRow.getByRole('button', { name: 'Скачать' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    expect(
      readFileSync(await file.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // a payment: the client's debt goes from the order total to what is left
    const due = page.getByTestId('order-due');
    await expect(due).toHaveText('115 000,00 ₽');
    await page.getByRole('button', { name: 'Записать платёж' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый платёж' });
    await dialog.getByLabel('Сумма платежа').fill('50000');
    await dialog.getByLabel('Номер платёжного документа').fill('п/п 17');
    await dialog.getByRole('button', { name: 'Записать' }).click();
    await expect(page.getByText('Платёж записан')).toBeVisible();
    await expect(due).toHaveText('65 000,00 ₽', { timeout: 20_000 });
    await expect(page.getByRole('row', { name: /п\/п 17/ })).toContainText('50 000,00 ₽');
  });

  test('keeps what the user typed and re-applies it when a colleague saved the order first (409)', async ({
    page,
    admin,
  }) => {
    const client = await must(
      admin.POST('/api/v1/clients', { body: { fullName: 'Анна Кузнецова', phones: ['+79031112233'] } }),
    );
    const order = await must(
      admin.POST('/api/v1/orders', { body: { clientId: client.id, currency: 'RUB' } }),
    );
    await login(page);
    await page.goto(`/orders/${order.id}`);
    const note = page.getByLabel('Примечание');
    await note.fill('Клиент просит номер с видом на Эйфелеву башню');
    // a colleague saves first
    await must(
      admin.PATCH('/api/v1/orders/{id}', {
        params: { path: { id: order.id } },
        body: { version: order.version, note: 'Изменено коллегой' },
      }),
    );
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'Заказ уже изменил другой сотрудник' }),
    ).toBeVisible();
    await expect(note).toHaveValue('Клиент просит номер с видом на Эйфелеву башню');
    await page.getByRole('button', { name: 'Обновить и применить снова' }).click();
    await expect(page.getByText('Заказ сохранён')).toBeVisible();
    const saved = await must(admin.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } }));
    expect(saved.note).toBe('Клиент просит номер с видом на Эйфелеву башню');
    expect(saved.version).toBe(order.version + 2);
    await page.reload();
    await expect(page.getByLabel('Примечание')).toHaveValue('Клиент просит номер с видом на Эйфелеву башню');
  });
});

async function addService(
  page: import('@playwright/test').Page,
  s: { type: string; from: string; to?: string; start: string; end: string; supplier: string; price: string },
) {
  await page.getByRole('button', { name: 'Добавить услугу' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новая услуга' });
  await dialog.getByLabel('Тип услуги').selectOption({ label: s.type });
  await dialog.getByLabel(s.to ? 'Откуда' : 'Город').selectOption(s.from);
  if (s.to) await dialog.getByLabel('Куда', { exact: true }).selectOption(s.to);
  await dialog.getByLabel(/^(Отправление|Начало)/).fill(s.start);
  await dialog.getByLabel(/^(Прибытие|Окончание)/).fill(s.end);
  await dialog.getByLabel('Поставщик').fill(s.supplier);
  await dialog.getByLabel('Цена').fill(s.price);
  await dialog.getByRole('button', { name: 'Добавить' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(`${s.type} · ${s.supplier}`) })).toBeVisible();
}
