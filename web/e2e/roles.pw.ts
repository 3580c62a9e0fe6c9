import { test, expect, login, must, staff } from './fixtures';

test.describe('roles', () => {
  test('an accountant sees the client card without passports when the admin sees them masked', async ({
    page,
    admin,
  }) => {
    const client = await must(
      admin.POST('/api/v1/clients', {
        body: {
          fullName: 'Ольга Паспортова',
          phones: ['+79035556677'],
          passports: [{ kind: 'internal', series: '4510', number: '987654', issuedAt: '2015-03-01' }],
        },
      }),
    );
    // the admin (clients.read-pii) sees the passport, masked
    await login(page);
    await page.goto(`/clients/${client.id}`);
    await expect(page.getByText(/Внутренний: .*654/)).toBeVisible();
    await expect(page.getByRole('article')).not.toContainText('987654');
    await page.getByRole('button', { name: 'Выйти' }).click();

    const accountant = await staff(admin, 'accountant', 'Елена Бухгалтерова');
    await login(page, accountant.email, accountant.password);
    // an accountant's menu: finance yes, settings and audit no
    const nav = page.getByRole('navigation', { name: 'Разделы' });
    await expect(nav.getByRole('link', { name: 'Финансы' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Настройки' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Аудит' })).toHaveCount(0);
    await page.goto(`/clients/${client.id}`);
    await expect(page.getByRole('heading', { name: 'Ольга Паспортова' })).toBeVisible();
    await expect(page.getByText('Паспортные данные скрыты: у вашей роли нет к ним доступа')).toBeVisible();
    const card = page.getByRole('article');
    await expect(card).toContainText('+79035556677');
    await expect(card).not.toContainText('654');
    await expect(card).not.toContainText('Внутренний');
    await page.goto('/clients');
    await expect(page.getByRole('link', { name: 'Ольга Паспортова' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Паспорта' })).toHaveCount(0);
  });

  test('an unsigned visitor lands on the login page and returns to the page asked for after signing in', async ({
    page,
    admin,
  }) => {
    const client = await must(
      admin.POST('/api/v1/clients', { body: { fullName: 'Игорь Возвратов', phones: ['+79037778899'] } }),
    );
    await page.goto(`/clients/${client.id}`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel('E-mail').fill('admin@e2e-agency.ru');
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page.getByRole('alert')).toContainText('Неверный e-mail или пароль');
    await page.getByLabel('Пароль').fill('E2e-Admin-Passw0rd!');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page.getByRole('heading', { name: 'Игорь Возвратов' })).toBeVisible();
  });

  test('refreshes a rejected access token once and goes back to the login page when the refresh fails too', async ({
    page,
  }) => {
    await login(page);
    // an access token the server rejects: the app refreshes and carries on
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('crm.session')!);
      localStorage.setItem('crm.session', JSON.stringify({ ...s, accessToken: 'garbage' }));
    });
    await page.goto('/orders');
    await expect(page.getByRole('heading', { name: 'Заказы' })).toBeVisible();
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('crm.session')!).accessToken);
    expect(after).not.toBe('garbage');
    // both tokens rejected: back to the login page
    await page.evaluate(() =>
      localStorage.setItem('crm.session', JSON.stringify({ accessToken: 'x', refreshToken: 'y' })),
    );
    await page.goto('/clients');
    await expect(page).toHaveURL(/\/login\?next=%2Fclients/);
  });
});
