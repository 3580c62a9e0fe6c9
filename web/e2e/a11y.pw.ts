import { test, expect, login, must } from './fixtures';
import { everyInputLabelled, noSeriousViolations } from './a11y';

test('the main screens have labelled inputs and no serious axe violations when an admin opens them', async ({
  page,
  admin,
}) => {
  test.setTimeout(300_000); // ten screens, each analysed by axe-core
  const client = await must(
    admin.POST('/api/v1/clients', { body: { fullName: 'Доступность Тестовая', phones: ['+79030001122'] } }),
  );
  const order = await must(admin.POST('/api/v1/orders', { body: { clientId: client.id, currency: 'RUB' } }));
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
  await everyInputLabelled(page, 'login');
  await noSeriousViolations(page, 'login');
  await login(page);
  const screens: [string, string][] = [
    ['/applications', 'Заявки'],
    ['/clients', 'Клиенты'],
    [`/clients/${client.id}`, 'Доступность Тестовая'],
    ['/orders', 'Заказы'],
    [`/orders/${order.id}`, `Заказ ${order.number}`],
    ['/finance', 'Финансы'],
    ['/profile', 'Профиль'],
    ['/settings', 'Настройки'],
    ['/audit', 'Аудит'],
  ];
  for (const [path, heading] of screens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await everyInputLabelled(page, path);
    await noSeriousViolations(page, path);
  }
  // the service form too
  await page.goto(`/orders/${order.id}`);
  await page.getByRole('button', { name: 'Добавить услугу' }).click();
  await expect(page.getByRole('dialog', { name: 'Новая услуга' })).toBeVisible();
  await everyInputLabelled(page, 'service form');
  await noSeriousViolations(page, 'service form');
});
