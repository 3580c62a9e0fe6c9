import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { api, ok } from '../../api';
import { useMe } from '../../auth';
import { applyFieldErrors } from '../../components/common';
import { ROLES } from '../../format';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** Профиль: who I am, and a password change (other sessions are signed out by the server). */
export default function ProfilePage() {
  const me = useMe().data;
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: (v: Values) =>
      ok(
        api.POST('/api/v1/auth/change-password', {
          body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
        }),
      ),
    onSuccess: () => {
      setDone(true);
      setError(null);
      form.resetFields();
    },
    onError: (e) => setError(applyFieldErrors(form, e)),
  });
  return (
    <section style={{ maxWidth: 560 }}>
      <Typography.Title level={2}>Профиль</Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="Имя">{me?.fullName}</Descriptions.Item>
          <Descriptions.Item label="E-mail">{me?.email}</Descriptions.Item>
          <Descriptions.Item label="Роль">{me && ROLES[me.role]}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="Смена пароля">
        {done && (
          <Alert
            type="success"
            role="status"
            title="Пароль изменён; другие сеансы завершены"
            style={{ marginBottom: 8 }}
          />
        )}
        <Form name="password" form={form} layout="vertical" onFinish={(v) => change.mutate(v)}>
          <Form.Item
            label="Текущий пароль"
            name="currentPassword"
            rules={[{ required: true, message: 'Введите текущий пароль' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="Новый пароль"
            name="newPassword"
            rules={[{ required: true, min: 10, message: 'Не короче 10 символов' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="Новый пароль ещё раз"
            name="repeat"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: 'Повторите пароль' },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  v === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('Пароли не совпадают')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 8 }} />}
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            Сменить пароль
          </Button>
        </Form>
      </Card>
    </section>
  );
}
