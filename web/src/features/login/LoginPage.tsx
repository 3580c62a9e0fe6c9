import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, ok, session } from '../../api';

interface Values {
  email: string;
  password: string;
}

/** Вход: e-mail and password; the server's message (wrong password, too many attempts) shown as is. */
export function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const pair = await ok(api.POST('/api/v1/auth/login', { body: v }));
      api.setTokens(pair);
      session.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      qc.clear();
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401
          ? 'Неверный e-mail или пароль'
          : e instanceof Error
            ? e.message
            : 'Не удалось войти',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          Вход в Travel CRM
        </Typography.Title>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
        <Form<Values> name="login" layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="E-mail" name="email" rules={[{ required: true, message: 'Введите e-mail' }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Пароль" name="password" rules={[{ required: true, message: 'Введите пароль' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            Войти
          </Button>
        </Form>
      </Card>
    </main>
  );
}
