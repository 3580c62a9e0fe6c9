import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, login, must } from './fixtures';

/** axe-core over the page: no serious or critical violations (WCAG 2 A/AA rules). */
async function noSeriousViolations(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
}

/** Every visible input, select and textarea has an accessible name (a label or aria-label). */
async function everyInputLabelled(page: Page, screen: string) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, textarea')]
      .filter((e) => e.offsetParent !== null && (e as HTMLInputElement).type !== 'hidden')
      .filter((e) => {
        const labels = (e as HTMLInputElement).labels;
        return (
          !(labels && labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
        );
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
  expect(unlabelled, screen).toEqual([]);
}

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
