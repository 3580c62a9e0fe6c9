import { test as base, expect, type Page } from '@playwright/test';
import { createCrmClient, type CrmClient } from '../../client';
import { setAgency } from '../../test/support/agency';
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

/** Documents need the agency's requisites; a fresh database has none (test/support/agency.ts sets the sample ones). */
export async function ensureAgency(api: CrmClient): Promise<void> {
  if ((await api.GET('/api/v1/settings/agency')).data) return;
  await setAgency(api);
}

export const test = base.extend<{ admin: CrmClient }>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  // eslint-disable-next-line no-empty-pattern
  admin: async ({}, use) => use(await apiAs(process.env.E2E_BASE_URL!, ADMIN.email, ADMIN.password)),
});
