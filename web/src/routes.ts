import type { QueryClient } from '@tanstack/react-query';
import { api, ok, session } from './api';

/** The screens' code, each its own chunk (the login page stays small). */
export const pageImports = {
  applications: () => import('./features/applications/ApplicationsPage'),
  clients: () => import('./features/clients/ClientsPage'),
  client: () => import('./features/clients/ClientPage'),
  orders: () => import('./features/orders/OrdersPage'),
  order: () => import('./features/orders/OrderPage'),
  finance: () => import('./features/finance/FinancePage'),
  templates: () => import('./features/templates/TemplatesPage'),
  settings: () => import('./features/settings/SettingsPage'),
  audit: () => import('./features/audit/AuditPage'),
  profile: () => import('./features/profile/ProfilePage'),
};
export type PageKey = keyof typeof pageImports;

export const meQuery = {
  queryKey: ['me'] as const,
  queryFn: () => ok(api.GET('/api/v1/auth/me')),
  staleTime: 60_000,
};

export function orderQuery(id: string) {
  return {
    queryKey: ['order', id] as const,
    queryFn: () => ok(api.GET('/api/v1/orders/{id}', { params: { path: { id } } })),
  };
}

/**
 * On a signed-in first load everything the opened screen needs starts at once, before React
 * renders: the shell's and the screen's code, `/auth/me` and (for an order) the order itself —
 * no waterfall of chunk → me → page chunk → order.
 */
export function prefetchOpened(qc: QueryClient, path = location.pathname): void {
  if (!session.get() || path === '/login') return;
  const [section, sub] = path.split('/').slice(1);
  const opened = (sub ? section?.replace(/s$/, '') : section) as PageKey;
  void import('./layout/Shell');
  if (opened in pageImports) void pageImports[opened]();
  void qc.prefetchQuery(meQuery);
  if (section === 'orders' && sub && /^[0-9a-f-]{36}$/i.test(sub)) void qc.prefetchQuery(orderQuery(sub));
}
