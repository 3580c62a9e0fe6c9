import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, Modal, Row, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { api, ApiError, ok, type Schemas } from '../../api';
import { NativeSelect } from '../../components/NativeSelect';
import { QueryState, applyFieldErrors } from '../../components/common';
import { ROLES, formatDateTime } from '../../format';

/** Настройки (admin): agency requisites, users and roles, integrations. */
export default function SettingsPage() {
  return (
    <section>
      <Typography.Title level={2}>Настройки</Typography.Title>
      <Tabs
        items={[
          { key: 'agency', label: 'Реквизиты агентства', children: <Agency /> },
          { key: 'users', label: 'Сотрудники', children: <Users /> },
          { key: 'integrations', label: 'Интеграции', children: <Integrations /> },
        ]}
      />
    </section>
  );
}

type Agency = Schemas['AgencySettingsDto'];
const AGENCY_FIELDS: [keyof Agency, string][] = [
  ['legalName', 'Полное наименование'],
  ['shortName', 'Краткое наименование'],
  ['inn', 'ИНН'],
  ['kpp', 'КПП'],
  ['ogrn', 'ОГРН'],
  ['address', 'Адрес'],
  ['phone', 'Телефон'],
  ['email', 'E-mail'],
  ['bankName', 'Банк'],
  ['bik', 'БИК'],
  ['account', 'Расчётный счёт'],
  ['corrAccount', 'Корр. счёт'],
  ['signatoryName', 'Подписант'],
  ['signatoryPosition', 'Должность подписанта'],
  ['vatNote', 'НДС'],
];

function Agency() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  // 404 until the requisites are entered the first time: an empty form then
  const q = useQuery({
    queryKey: ['agency'],
    queryFn: () =>
      ok(api.GET('/api/v1/settings/agency')).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const save = useMutation({
    mutationFn: (v: Schemas['UpdateAgencySettingsDto']) =>
      ok(api.PUT('/api/v1/settings/agency', { body: { ...v, version: q.data?.version ?? undefined } })),
    onSuccess: (d) => {
      setError(null);
      qc.setQueryData(['agency'], d);
      void message.success('Реквизиты сохранены');
    },
    onError: (e) => setError(applyFieldErrors(form, e)),
  });
  return (
    <QueryState loading={q.isLoading} error={q.error}>
      {q.data !== undefined && (
        <Form
          name="agency"
          form={form}
          layout="vertical"
          initialValues={q.data ?? {}}
          onFinish={(v) => save.mutate(v)}
        >
          <Row gutter={12}>
            {AGENCY_FIELDS.map(([name, label]) => (
              <Col key={name} xs={24} md={12} xl={8}>
                <Form.Item label={label} name={name}>
                  <Input />
                </Form.Item>
              </Col>
            ))}
          </Row>
          {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 8 }} />}
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Сохранить
          </Button>
        </Form>
      )}
    </QueryState>
  );
}

type User = Schemas['UserDto'];

function Users() {
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const q = useQuery({
    queryKey: ['users', page],
    queryFn: () =>
      ok(api.GET('/api/v1/users', { params: { query: { limit: 20, offset: (page - 1) * 20 } } })),
  });
  const update = useMutation({
    mutationFn: (v: { user: User; patch: Schemas['UpdateUserDto'] }) =>
      ok(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: v.user.id } },
          body: { ...v.patch, version: v.user.version },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <>
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 8 }}>
        Добавить сотрудника
      </Button>
      {update.error && <Alert type="error" role="alert" title={update.error.message} />}
      <QueryState loading={q.isLoading} error={q.error}>
        <Table<User>
          rowKey="id"
          size="small"
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: 'Имя', dataIndex: 'fullName' },
            { title: 'E-mail', dataIndex: 'email' },
            {
              title: 'Роль',
              dataIndex: 'role',
              render: (r: string, u) => (
                <NativeSelect
                  aria-label={`Роль: ${u.fullName}`}
                  value={r}
                  onChange={(role) => update.mutate({ user: u, patch: { role: role as User['role'] } })}
                  options={Object.entries(ROLES).map(([value, label]) => ({ value, label }))}
                  style={{ width: 170 }}
                />
              ),
            },
            {
              title: 'Активен',
              dataIndex: 'active',
              render: (a: boolean, u) => (
                <Switch
                  aria-label={`Активен: ${u.fullName}`}
                  checked={a}
                  onChange={(active) => update.mutate({ user: u, patch: { active } })}
                />
              ),
            },
          ]}
        />
      </QueryState>
      {creating && <NewUser onClose={() => setCreating(false)} />}
    </>
  );
}

function NewUser({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Schemas['CreateUserDto']>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Schemas['CreateUserDto']) => ok(api.POST('/api/v1/users', { body: v })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
    onError: (e) => setError(applyFieldErrors(form, e)),
  });
  return (
    <Modal
      open
      title="Новый сотрудник"
      okText="Создать"
      cancelText="Отмена"
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) => create.mutate(v),
          () => undefined,
        )
      }
    >
      <Form name="user" form={form} layout="vertical" initialValues={{ role: 'operator' }}>
        <Form.Item label="Имя и фамилия" name="fullName" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label="E-mail" name="email" rules={[{ required: true }]}>
          <Input type="email" />
        </Form.Item>
        <Form.Item label="Временный пароль" name="password" rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="Роль" name="role">
          <NativeSelect options={Object.entries(ROLES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" role="alert" title={error} />}
    </Modal>
  );
}

type Integration = Schemas['IntegrationDto'];

function Integrations() {
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  const q = useQuery({
    queryKey: ['integrations'],
    queryFn: () => ok(api.GET('/api/v1/settings/integrations/list')),
  });
  const activate = useMutation({
    mutationFn: (i: Integration) =>
      ok(
        api.POST('/api/v1/settings/integrations/activate', {
          body: { id: i.id, active: !i.isActive } as never,
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['integrations'] }),
  });
  const items = q.data?.items ?? [];
  return (
    <>
      <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 8 }}>
        Подключить бота
      </Button>
      {activate.error && <Alert type="error" role="alert" title={activate.error.message} />}
      <QueryState loading={q.isLoading} error={q.error} empty={!items.length} emptyText="Интеграций нет">
        <Table<Integration>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          columns={[
            { title: 'Канал', dataIndex: 'type' },
            { title: 'Назначение', dataIndex: 'purpose' },
            { title: 'Имя', dataIndex: 'botName' },
            { title: 'Токен', dataIndex: 'tokenFingerprint', render: (v: string) => <code>…{v}</code> },
            {
              title: 'Подключение',
              dataIndex: 'lastConnectedAt',
              render: (v: string | null, i) =>
                i.lastError ? <Tag color="red">{i.lastError}</Tag> : formatDateTime(v),
            },
            {
              title: 'Активна',
              dataIndex: 'isActive',
              render: (a: boolean, i) => (
                <Switch
                  aria-label={`Активна: ${i.botName}`}
                  checked={a}
                  onChange={() => activate.mutate(i)}
                />
              ),
            },
          ]}
        />
      </QueryState>
      {adding && <AddBot onClose={() => setAdding(false)} />}
    </>
  );
}

interface BotValues {
  purpose: 'sales' | 'operators' | 'suppliers';
  botName: string;
  apiToken: string;
  adminPassword: string;
}

/** The token is typed once and never shown again; the admin password confirms it. */
function AddBot({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<BotValues>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (v: BotValues) =>
      ok(api.POST('/api/v1/settings/integrations/add', { body: { type: 'telegram', ...v } as never })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['integrations'] });
      onClose();
    },
    onError: (e) => {
      form.setFieldValue('adminPassword', '');
      setError(
        e instanceof ApiError && e.status === 403
          ? 'Неверный пароль администратора'
          : applyFieldErrors(form, e),
      );
    },
  });
  return (
    <Modal
      open
      title="Подключить Telegram-бота"
      okText="Подключить"
      cancelText="Отмена"
      onCancel={onClose}
      confirmLoading={add.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) => add.mutate(v),
          () => undefined,
        )
      }
    >
      <Form name="bot" form={form} layout="vertical" initialValues={{ purpose: 'sales' }} autoComplete="off">
        <Form.Item label="Назначение" name="purpose">
          <NativeSelect
            options={[
              { value: 'sales', label: 'Продажи (клиенты)' },
              { value: 'operators', label: 'Сотрудники' },
              { value: 'suppliers', label: 'Поставщики' },
            ]}
          />
        </Form.Item>
        <Form.Item label="Имя бота" name="botName" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Токен бота" name="apiToken" rules={[{ required: true }]}>
          <Input.Password autoComplete="off" visibilityToggle={false} />
        </Form.Item>
        <Form.Item label="Пароль администратора" name="adminPassword" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" role="alert" title={error} />}
    </Modal>
  );
}
