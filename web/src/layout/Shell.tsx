import { Suspense, lazy, useMemo } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Action } from '../../../src/shared/auth/permission-matrix';
import { api, session, signOut } from '../api';
import { can, useMe } from '../auth';
import { ROLES } from '../format';
import { ErrorAlert } from '../components/common';
import { Loading } from '../main-loading';
import { pageImports, type PageKey } from '../routes';

const pages = Object.fromEntries(
  Object.entries(pageImports).map(([k, f]) => [k, lazy(f)]),
) as unknown as Record<PageKey, React.LazyExoticComponent<() => React.JSX.Element>>;

const MENU: { key: string; label: string; action: Action }[] = [
  { key: '/applications', label: 'Заявки', action: 'applications.read' },
  { key: '/clients', label: 'Клиенты', action: 'clients.read' },
  { key: '/orders', label: 'Заказы', action: 'orders.read' },
  { key: '/finance', label: 'Финансы', action: 'finance.read' },
  { key: '/templates', label: 'Шаблоны', action: 'templates.write' },
  { key: '/settings', label: 'Настройки', action: 'users.write' },
  { key: '/audit', label: 'Аудит', action: 'audit.read' },
];

export default function Shell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const items = useMemo(
    () =>
      MENU.filter((m) => can(me.data, m.action)).map((m) => ({
        key: m.key,
        label: <Link to={m.key}>{m.label}</Link>,
      })),
    [me.data],
  );
  if (!session.get()) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (me.isLoading) return <Loading />;
  if (me.error || !me.data) return <ErrorAlert error={me.error} />;
  const selected = '/' + (location.pathname.split('/')[1] ?? '');

  async function logout() {
    const refreshToken = session.get()?.refreshToken;
    await api.POST('/api/v1/auth/logout', { body: { refreshToken } as never }).catch(() => undefined);
    signOut();
    qc.clear();
    navigate('/login', { replace: true });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 16 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          Travel CRM
        </Link>
        <nav aria-label="Разделы" style={{ flex: 1, minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} />
        </nav>
        <Space>
          <Link to="/profile" style={{ color: '#fff' }}>
            {me.data.fullName} · {ROLES[me.data.role]}
          </Link>
          <Button size="small" onClick={logout}>
            Выйти
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <main>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route
                index
                element={<Navigate to={can(me.data, 'applications.read') ? '/orders' : '/profile'} replace />}
              />
              <Route path="applications" element={<pages.applications />} />
              <Route path="clients" element={<pages.clients />} />
              <Route path="clients/:id" element={<pages.client />} />
              <Route path="orders" element={<pages.orders />} />
              <Route path="orders/:id" element={<pages.order />} />
              <Route path="finance" element={<pages.finance />} />
              <Route path="templates" element={<pages.templates />} />
              <Route path="settings" element={<pages.settings />} />
              <Route path="audit" element={<pages.audit />} />
              <Route path="profile" element={<pages.profile />} />
              <Route path="*" element={<Typography.Text>Страница не найдена</Typography.Text>} />
            </Routes>
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
