import { test, expect, login, staff } from './fixtures';

test('an operator changes the password on the profile page and signs in with the new one when done', async ({
  page,
  admin,
}) => {
  const operator = await staff(admin, 'operator', 'Павел Сменин');
  await login(page, operator.email, operator.password);
  await page.getByRole('link', { name: /Павел Сменин/ }).click();
  await expect(page.getByRole('heading', { name: 'Профиль' })).toBeVisible();
  await page.getByLabel('Текущий пароль').fill('not-my-password');
  await page.getByLabel('Новый пароль', { exact: true }).fill('New-Passw0rd-2027!');
  await page.getByLabel('Новый пароль ещё раз').fill('New-Passw0rd-2027!');
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  // the server's answer for a wrong current password, shown on the form
  await expect(
    page.getByRole('alert').or(page.locator('.ant-form-item-explain-error')).first(),
  ).toBeVisible();
  await page.getByLabel('Текущий пароль').fill(operator.password);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByRole('status')).toContainText('Пароль изменён');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await login(page, operator.email, 'New-Passw0rd-2027!');
  await expect(
    page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Заказы' }),
  ).toBeVisible();
});
