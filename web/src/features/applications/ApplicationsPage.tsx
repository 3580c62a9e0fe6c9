import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Descriptions,
  Drawer,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { api, ApiError, ok, type Schemas } from '../../api';
import { useCan, useMe } from '../../auth';
import { ErrorAlert, QueryState } from '../../components/common';
import { APPLICATION_STATUS, SOURCES, formatDateTime } from '../../format';

type Row = Schemas['ApplicationListItemDto'];
type Status = Row['status'];
type Source = Row['source'];

/** Заявки: inbox by status and channel, new ones highlighted; take, link to a client, convert. */
export default function ApplicationsPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'new') as Status | 'all';
  const source = (params.get('source') as Source | null) ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const pageSize = 20;
  const [openId, setOpenId] = useState<string | null>(null);
  const set = (k: string, v?: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    if (k !== 'page') n.delete('page');
    setParams(n);
  };
  const q = useQuery({
    queryKey: ['applications', { status, source, page }],
    queryFn: () =>
      ok(
        api.GET('/api/v1/applications', {
          params: {
            query: {
              status: status === 'all' ? undefined : status,
              source,
              limit: pageSize,
              offset: (page - 1) * pageSize,
            },
          },
        }),
      ),
    placeholderData: (p) => p,
  });
  return (
    <section>
      <Typography.Title level={2}>Заявки</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label="Статус заявок"
          value={status}
          onChange={(v) => set('status', String(v))}
          options={[
            ...Object.entries(APPLICATION_STATUS).map(([value, label]) => ({ value, label })),
            { value: 'all', label: 'Все' },
          ]}
        />
        <Select
          aria-label="Канал"
          placeholder="Все каналы"
          allowClear
          style={{ width: 180 }}
          value={source}
          onChange={(v?: string) => set('source', v)}
          options={Object.entries(SOURCES).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: 'Заявок нет' }}
        pagination={{
          current: page,
          pageSize,
          total: q.data?.total ?? 0,
          onChange: (p) => set('page', String(p)),
        }}
        onRow={(r) => ({
          onClick: () => setOpenId(r.id),
          style: { cursor: 'pointer', fontWeight: r.status === 'new' ? 600 : undefined },
        })}
        columns={[
          {
            title: 'Получена',
            dataIndex: 'createdAt',
            render: (v: string, r) => (
              <Space>
                {r.status === 'new' && <Badge status="processing" aria-label="новая" />}
                {formatDateTime(v)}
              </Space>
            ),
          },
          { title: 'Канал', dataIndex: 'source', render: (v: string) => <Tag>{SOURCES[v]}</Tag> },
          {
            title: 'Контакт',
            key: 'contact',
            render: (_: unknown, r) => {
              const c = r.contact as Schemas['ApplicationContactViewDto'] | null;
              return c ? [c.name, c.phone, c.email, c.telegram].filter(Boolean).join(', ') : '—';
            },
          },
          {
            title: 'Текст',
            dataIndex: 'text',
            render: (v: string) => (
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
              >
                {v.length > 90 ? `${v.slice(0, 90)}…` : v || 'Без текста'}
              </Button>
            ),
          },
          {
            title: 'Статус',
            dataIndex: 'status',
            render: (v: string) => (
              <Tag color={v === 'new' ? 'blue' : undefined}>{APPLICATION_STATUS[v]}</Tag>
            ),
          },
          { title: 'Файлы', dataIndex: 'attachmentCount' },
        ]}
      />
      {openId && <ApplicationDrawer id={openId} onClose={() => setOpenId(null)} />}
    </section>
  );
}

function ApplicationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const me = useMe().data;
  const canWrite = useCan('applications.write');
  const [clientId, setClientId] = useState('');
  const q = useQuery({
    queryKey: ['application', id],
    queryFn: () => ok(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['applications'] });
    void qc.invalidateQueries({ queryKey: ['application', id] });
  };
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateApplicationDto']) =>
      ok(
        api.PATCH('/api/v1/applications/{id}', {
          params: { path: { id } },
          body: { ...body, version: q.data?.version },
        }),
      ),
    onSuccess: () => {
      refresh();
      void message.success('Заявка обновлена');
    },
  });
  const convert = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/applications/{id}/convert', {
          params: { path: { id } },
          body: { currency: 'RUB' },
        }),
      ),
    onSuccess: (r) => {
      refresh();
      void message.success('Заказ создан');
      navigate(`/orders/${r.orderId}`);
    },
  });
  const a = q.data;
  const contact = (a as unknown as { contact?: Schemas['ApplicationContactViewDto'] })?.contact;
  const err = update.error ?? convert.error;
  const duplicate = err instanceof ApiError && err.status === 409 ? err.problem : null;
  return (
    <Drawer open onClose={onClose} width={560} title={a ? `Заявка · ${SOURCES[a.source]}` : 'Заявка'}>
      <QueryState loading={q.isLoading} error={q.error}>
        {a && (
          <>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="Статус">{APPLICATION_STATUS[a.status]}</Descriptions.Item>
              <Descriptions.Item label="Получена">{formatDateTime(a.createdAt)}</Descriptions.Item>
              <Descriptions.Item label="Контакт">
                {contact
                  ? [contact.name, contact.phone, contact.email, contact.telegram].filter(Boolean).join(', ')
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label="Текст">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {a.text}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label="Клиент">
                {a.clientId ? <a href={`/clients/${a.clientId}`}>Открыть карточку</a> : 'не привязан'}
              </Descriptions.Item>
              <Descriptions.Item label="Файлы">
                {a.attachments.length === 0
                  ? 'нет'
                  : a.attachments.map((f) => (
                      <div key={f.id}>
                        <Button
                          type="link"
                          onClick={async () => {
                            const l = await ok(
                              api.GET('/api/v1/applications/{id}/attachments/{attachmentId}/download', {
                                params: { path: { id, attachmentId: f.id } },
                              }),
                            );
                            window.open(l.url, '_blank', 'noopener');
                          }}
                        >
                          {f.fileName}
                        </Button>
                      </div>
                    ))}
              </Descriptions.Item>
            </Descriptions>
            {err && (
              <Alert
                style={{ marginTop: 12 }}
                type="error"
                role="alert"
                showIcon
                title={err.message}
                description={duplicate?.code ? `Код: ${duplicate.code}` : undefined}
              />
            )}
            {canWrite && a.status !== 'converted' && a.status !== 'rejected' && (
              <Space direction="vertical" style={{ marginTop: 16, width: '100%' }}>
                <Space wrap>
                  {a.status === 'new' && (
                    <Button
                      onClick={() => update.mutate({ status: 'in_progress', assigneeId: me?.id })}
                      loading={update.isPending}
                    >
                      Взять в работу
                    </Button>
                  )}
                  <Button type="primary" onClick={() => convert.mutate()} loading={convert.isPending}>
                    Создать заказ
                  </Button>
                  <Button
                    danger
                    onClick={() =>
                      update.mutate({ status: 'rejected', rejectionReason: 'Отклонена менеджером' })
                    }
                  >
                    Отклонить
                  </Button>
                </Space>
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    aria-label="ID клиента для привязки"
                    placeholder="ID клиента"
                    value={clientId}
                    onChange={(e) => setClientId(e.target.value)}
                  />
                  <Button disabled={!clientId} onClick={() => update.mutate({ clientId })}>
                    Привязать к клиенту
                  </Button>
                </Space.Compact>
              </Space>
            )}
          </>
        )}
      </QueryState>
    </Drawer>
  );
}
