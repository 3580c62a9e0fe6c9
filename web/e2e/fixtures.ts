import { test as base, expect, type Page } from '@playwright/test';
import { createCrmClient, type CrmClient } from '../../client';
import { ADMIN } from './server';

export { expect, ADMIN };

/** The typed API client signed in as `email` (tests prepare data through the real API). */
export async function apiAs(baseUrl: string, email: string, password: string): Promise<CrmClient> {
  const api = createCrmClient(baseUrl);
  const { data, error } = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!data) throw new Error(`login ${email}: ${JSON.stringify(error)}`);
  api.setToken(data.accessToken);
  return api;
}

export async function must<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok || data === undefined) throw new Error(`${response.status} ${JSON.stringify(error)}`);
  return data;
}

/** Signs in through the login form. */
export async function login(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByRole('navigation', { name: 'Разделы' })).toBeVisible();
}

let seq = 0;
/** A staff member of the given role (unique e-mail per call). */
export async function staff(
  api: CrmClient,
  role: 'operator' | 'accountant' | 'supervisor',
  fullName: string,
) {
  const email = `${role}.${Date.now()}.${++seq}@e2e-agency.ru`;
  const password = 'Staff-Passw0rd-2026!';
  await must(api.POST('/api/v1/users', { body: { email, password, fullName, role } }));
  return { email, password };
}

/** Documents need the agency's requisites; a fresh database has none. */
export async function ensureAgency(api: CrmClient): Promise<void> {
  const current = await must(api.GET('/api/v1/settings/agency'));
  if (current.inn) return;
  await must(
    api.PUT('/api/v1/settings/agency', {
      body: {
        version: current.version,
        legalName: 'ООО «Тест-Тур»',
        shortName: 'Тест-Тур',
        inn: '7701234567',
        kpp: '770101001',
        ogrn: '1157746000000',
        address: 'г. Москва, ул. Мясницкая, д. 10',
        phone: '+7 495 123-45-67',
        email: 'info@test-tour.ru',
        bankName: 'ПАО Сбербанк',
        bik: '044525225',
        account: '40702810938000000001',
        corrAccount: '30101810400000000225',
        signatoryName: 'Климова Н. В.',
        signatoryPosition: 'Генеральный директор',
        vatNote: 'НДС не облагается',
      },
    }),
  );
}

export const test = base.extend<{ admin: CrmClient }>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  // eslint-disable-next-line no-empty-pattern
  admin: async ({}, use) => use(await apiAs(process.env.E2E_BASE_URL!, ADMIN.email, ADMIN.password)),
});
