import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { Loading } from './main-loading';
import ruRU from 'antd/locale/ru_RU';
import { LoginPage } from './features/login/LoginPage';
import { ApiError } from './api';
import { prefetchOpened } from './routes';
import './styles.css';

const Shell = lazy(() => import('./layout/Shell'));

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

prefetchOpened(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={ruRU}
      theme={{
        // darker secondary texts than antd's defaults: WCAG AA contrast (axe color-contrast)
        token: {
          colorPrimary: '#1f5fbf',
          colorLink: '#1a56b0',
          colorError: '#c41d1d',
          borderRadius: 4,
          colorTextSecondary: 'rgba(0,0,0,0.65)',
          colorTextTertiary: 'rgba(0,0,0,0.6)',
          colorTextQuaternary: 'rgba(0,0,0,0.55)',
          colorTextPlaceholder: 'rgba(0,0,0,0.55)',
          colorTextDescription: 'rgba(0,0,0,0.6)',
        },
        components: { Table: { cellPaddingBlock: 8 } },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/*" element={<Shell />} />
                <Route path="*" element={<Navigate to="/" />} />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
