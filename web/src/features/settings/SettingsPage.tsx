import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { api, ApiError, ok, type Schemas } from '../../api';
import { NativeSelect } from '../../components/NativeSelect';
import { QueryState, applyFieldErrors } from '../../components/common';
import { ROLES, formatDateTime } from '../../format';

/** Настройки (admin): agency requisites, users and roles, integrations. */
export default function SettingsPage() {
  // the open tab lives in the URL (/settings?tab=integrations): a link or a reload keeps it
  const [params, setParams] = useSearchParams();
  return (
    <section>
      <Typography.Title level={2}>Настройки</Typography.Title>
      <Tabs
        activeKey={params.get('tab') ?? 'agency'}
        onChange={(tab) => setParams(tab === 'agency' ? {} : { tab }, { replace: true })}
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
type Kind = 'telegram' | 'email' | 'whatsapp';

const CHANNELS: Record<string, string> = { telegram: 'Telegram', email: 'Почта', whatsapp: 'WhatsApp' };
const PURPOSES: Record<string, string> = {
  sales: 'Продажи (клиенты)',
  operators: 'Сотрудники',
  suppliers: 'Поставщики',
};
const ADD_TITLES: Record<Kind, string> = {
  telegram: 'Подключить Telegram-бота',
  email: 'Подключить почтовый ящик',
  whatsapp: 'Подключить WhatsApp',
};

function Integrations() {
  const qc = useQueryClient();
  const [adding, setAdding] = useState<Kind | null>(null);
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
      <Space wrap style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setAdding('telegram')}>
          Подключить бота
        </Button>
        <Button onClick={() => setAdding('email')}>Подключить почтовый ящик</Button>
        <Button onClick={() => setAdding('whatsapp')}>Подключить WhatsApp</Button>
      </Space>
      {activate.error && <Alert type="error" role="alert" title={activate.error.message} />}
      <QueryState loading={q.isLoading} error={q.error} empty={!items.length} emptyText="Интеграций нет">
        <Table<Integration>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          columns={[
            { title: 'Канал', dataIndex: 'type', render: (t: string) => CHANNELS[t] ?? t },
            { title: 'Назначение', dataIndex: 'purpose', render: (p: string) => PURPOSES[p] ?? p },
            { title: 'Имя', dataIndex: 'botName' },
            {
              title: 'Секрет',
              dataIndex: 'tokenFingerprint',
              // only the last characters of a hash: the stored token or passwords are never shown
              render: (v: string) => <code aria-label="Отпечаток секрета">…{v}</code>,
            },
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
      {adding && <AddIntegration kind={adding} onClose={() => setAdding(null)} />}
    </>
  );
}

interface ServerValues {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
}
interface IntegrationValues {
  purpose: 'sales' | 'operators' | 'suppliers';
  botName: string;
  adminPassword: string;
  // Telegram
  apiToken?: string;
  // WhatsApp
  phoneNumberId?: string;
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
  templateName?: string;
  // e-mail
  imap?: ServerValues & { mailbox: string };
  smtp?: ServerValues & { from: string };
  sameLogin?: boolean;
}

/** A secret input: typed once, never filled from the server, never shown back. */
function Secret(props: { autoComplete?: string }) {
  return (
    <Input.Password autoComplete={props.autoComplete ?? 'new-password'} visibilityToggle={false} {...props} />
  );
}

function toBody(kind: Kind, v: IntegrationValues) {
  const common = { type: kind, purpose: v.purpose, botName: v.botName, adminPassword: v.adminPassword };
  if (kind === 'telegram') return { ...common, apiToken: v.apiToken };
  if (kind === 'whatsapp')
    return {
      ...common,
      phoneNumberId: v.phoneNumberId,
      accessToken: v.accessToken,
      appSecret: v.appSecret,
      verifyToken: v.verifyToken,
      templateName: v.templateName || undefined,
    };
  const imap = v.imap!;
  const smtp = v.smtp!;
  return {
    ...common,
    purpose: 'sales' as const,
    imap: {
      host: imap.host.trim(),
      port: Number(imap.port),
      secure: !!imap.secure,
      user: imap.user.trim(),
      password: imap.password,
      mailbox: imap.mailbox?.trim() || undefined,
    },
    smtp: {
      host: smtp.host.trim(),
      port: Number(smtp.port),
      secure: !!smtp.secure,
      user: v.sameLogin ? imap.user.trim() : smtp.user.trim(),
      password: v.sameLogin ? imap.password : smtp.password,
      from: smtp.from.trim(),
    },
  };
}

const PORT_RULES = [
  { required: true, message: 'Укажите порт' },
  { pattern: /^\d{1,5}$/, message: 'Порт — число от 1 до 65535' },
];

/**
 * Connects a bot, a mailbox or a WhatsApp number. Tokens and passwords are typed once and never
 * shown again (the list shows a fingerprint only); the admin password confirms the change.
 */
function AddIntegration({ kind, onClose }: { kind: Kind; onClose: () => void }) {
  const [form] = Form.useForm<IntegrationValues>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const sameLogin = Form.useWatch('sameLogin', form) ?? true;
  const add = useMutation({
    mutationFn: (v: IntegrationValues) =>
      ok(api.POST('/api/v1/settings/integrations/add', { body: toBody(kind, v) as never })),
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
      title={ADD_TITLES[kind]}
      okText="Подключить"
      cancelText="Отмена"
      width={kind === 'email' ? 760 : 520}
      onCancel={onClose}
      confirmLoading={add.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) => add.mutate(v),
          () => undefined,
        )
      }
    >
      <Form<IntegrationValues>
        name={`integration-${kind}`}
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={{
          purpose: 'sales',
          sameLogin: true,
          imap: { host: '', port: '993', secure: true, user: '', password: '', mailbox: 'INBOX' },
          smtp: { host: '', port: '465', secure: true, user: '', password: '', from: '' },
        }}
      >
        {kind !== 'email' && (
          <Form.Item label="Назначение" name="purpose">
            <NativeSelect options={Object.entries(PURPOSES).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        )}
        {kind === 'telegram' && (
          <>
            <Form.Item
              label="Имя бота"
              name="botName"
              rules={[{ required: true, message: 'Укажите имя бота' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              label="Токен бота"
              name="apiToken"
              rules={[{ required: true, message: 'Вставьте токен' }]}
            >
              <Secret autoComplete="off" />
            </Form.Item>
          </>
        )}
        {kind === 'whatsapp' && (
          <>
            <Form.Item
              label="Название номера"
              name="botName"
              rules={[{ required: true, message: 'Укажите название' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              label="Phone number ID"
              name="phoneNumberId"
              rules={[{ required: true, pattern: /^\d{5,30}$/, message: 'Цифры из кабинета Meta' }]}
            >
              <Input inputMode="numeric" />
            </Form.Item>
            <Form.Item
              label="Постоянный токен доступа"
              name="accessToken"
              rules={[{ required: true, message: 'Вставьте токен' }]}
            >
              <Secret />
            </Form.Item>
            <Form.Item
              label="App secret"
              name="appSecret"
              rules={[{ required: true, message: 'Вставьте секрет' }]}
            >
              <Secret />
            </Form.Item>
            <Form.Item
              label="Verify token"
              name="verifyToken"
              rules={[{ required: true, message: 'Придумайте токен' }]}
            >
              <Secret />
            </Form.Item>
            <Form.Item label="Шаблон для сообщений вне 24-часового окна" name="templateName">
              <Input />
            </Form.Item>
          </>
        )}
        {kind === 'email' && (
          <>
            <Form.Item
              label="Адрес ящика"
              name="botName"
              rules={[{ required: true, type: 'email', message: 'Например, zayavki@agency.ru' }]}
            >
              <Input type="email" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  Входящая почта (IMAP)
                </Typography.Title>
                <Form.Item
                  label="IMAP-сервер"
                  name={['imap', 'host']}
                  rules={[{ required: true, message: 'Укажите сервер' }]}
                >
                  <Input placeholder="imap.yandex.ru" />
                </Form.Item>
                <Form.Item label="IMAP-порт" name={['imap', 'port']} rules={PORT_RULES}>
                  <Input inputMode="numeric" />
                </Form.Item>
                <Form.Item name={['imap', 'secure']} valuePropName="checked">
                  <Checkbox>IMAP: шифрование SSL/TLS с первого байта (порт 993)</Checkbox>
                </Form.Item>
                <Form.Item
                  label="IMAP-логин"
                  name={['imap', 'user']}
                  rules={[{ required: true, message: 'Укажите логин' }]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item
                  label="IMAP-пароль (пароль приложения)"
                  name={['imap', 'password']}
                  rules={[{ required: true, message: 'Укажите пароль' }]}
                >
                  <Secret />
                </Form.Item>
                <Form.Item label="Папка" name={['imap', 'mailbox']}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  Исходящая почта (SMTP)
                </Typography.Title>
                <Form.Item
                  label="SMTP-сервер"
                  name={['smtp', 'host']}
                  rules={[{ required: true, message: 'Укажите сервер' }]}
                >
                  <Input placeholder="smtp.yandex.ru" />
                </Form.Item>
                <Form.Item label="SMTP-порт" name={['smtp', 'port']} rules={PORT_RULES}>
                  <Input inputMode="numeric" />
                </Form.Item>
                <Form.Item name={['smtp', 'secure']} valuePropName="checked">
                  <Checkbox>SMTP: шифрование SSL/TLS с первого байта (порт 465)</Checkbox>
                </Form.Item>
                <Form.Item
                  label="Отправитель"
                  name={['smtp', 'from']}
                  rules={[{ required: true, message: 'Например, Агентство <zayavki@agency.ru>' }]}
                >
                  <Input />
                </Form.Item>
                <Form.Item name="sameLogin" valuePropName="checked">
                  <Checkbox>Логин и пароль SMTP те же, что у IMAP</Checkbox>
                </Form.Item>
                {!sameLogin && (
                  <>
                    <Form.Item
                      label="SMTP-логин"
                      name={['smtp', 'user']}
                      rules={[{ required: true, message: 'Укажите логин' }]}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                    <Form.Item
                      label="SMTP-пароль"
                      name={['smtp', 'password']}
                      rules={[{ required: true, message: 'Укажите пароль' }]}
                    >
                      <Secret />
                    </Form.Item>
                  </>
                )}
              </Col>
            </Row>
          </>
        )}
        <Form.Item
          label="Пароль администратора"
          name="adminPassword"
          rules={[{ required: true, message: 'Введите пароль администратора' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" role="alert" title={error} />}
    </Modal>
  );
}
