import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { formDataBody } from '../../../../client';
import { api, ok, type Schemas } from '../../api';
import { useCan } from '../../auth';
import { QueryState } from '../../components/common';
import { STATUS_LABELS, formatDate, formatDateTime, formatMoney } from '../../format';
import { ClientFormModal } from './ClientForm';

type Client = Schemas['ClientDto'];

/** The client card: contacts, passports (masked, and only for roles that may see them), files, consent, orders. */
export default function ClientPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['client', id],
    queryFn: () => ok(api.GET('/api/v1/clients/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryState loading={q.isLoading} error={q.error}>
      {q.data && <ClientView client={q.data} />}
    </QueryState>
  );
}

function ClientView({ client }: { client: Client }) {
  const canWrite = useCan('clients.write');
  const canMerge = useCan('clients.merge');
  const [editing, setEditing] = useState(false);
  const consent = client.consent as { givenAt?: string; channel?: string; textVersion?: string } | null;
  return (
    <article aria-label={`Клиент ${client.fullName}`}>
      <Space align="baseline">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {client.fullName}
        </Typography.Title>
        {canWrite && <Button onClick={() => setEditing(true)}>Изменить</Button>}
      </Space>
      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="Контакты" style={{ marginBottom: 12 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="Латиницей">{client.latinName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="Телефоны">{client.phones.join(', ') || '—'}</Descriptions.Item>
              <Descriptions.Item label="E-mail">{client.emails.join(', ') || '—'}</Descriptions.Item>
              <Descriptions.Item label="Telegram">{client.telegram ?? '—'}</Descriptions.Item>
              {client.access === 'full' && (
                <Descriptions.Item label="Дата рождения">{formatDate(client.birthDate)}</Descriptions.Item>
              )}
              <Descriptions.Item label="Заметки">{client.notes ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title="Паспорта" style={{ marginBottom: 12 }}>
            {client.access !== 'full' || !client.passports ? (
              <Typography.Text type="secondary">
                Паспортные данные скрыты: у вашей роли нет к ним доступа
              </Typography.Text>
            ) : client.passports.length === 0 ? (
              <Typography.Text type="secondary">Паспортов нет</Typography.Text>
            ) : (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {client.passports.map((p, i) => (
                  <li key={i}>
                    {p.kind === 'foreign' ? 'Заграничный' : 'Внутренний'}: {p.numberMasked}, выдан{' '}
                    {formatDate(p.issuedAt)}
                    {p.expiresAt ? `, действует до ${formatDate(p.expiresAt)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card size="small" title="Согласие на обработку персональных данных" style={{ marginBottom: 12 }}>
            {consent?.givenAt ? (
              <span>
                Получено {formatDateTime(consent.givenAt)} ({consent.channel}, текст {consent.textVersion})
              </span>
            ) : (
              <Tag color="orange">Не получено</Tag>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ClientOrders clientId={client.id} />
          <ClientFiles clientId={client.id} />
          {canMerge && <MergeCard client={client} />}
        </Col>
      </Row>
      {editing && <ClientFormModal client={client} onClose={() => setEditing(false)} />}
    </article>
  );
}

function ClientOrders({ clientId }: { clientId: string }) {
  const q = useQuery({
    queryKey: ['orders', { clientId }],
    queryFn: () => ok(api.GET('/api/v1/orders', { params: { query: { clientId, limit: 50 } } })),
  });
  const items = q.data?.items ?? [];
  return (
    <Card size="small" title="Заказы" style={{ marginBottom: 12 }}>
      <QueryState loading={q.isLoading} error={q.error} empty={!items.length} emptyText="Заказов нет">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items}
          columns={[
            {
              title: 'Номер',
              dataIndex: 'number',
              render: (v: string, r) => <Link to={`/orders/${r.id}`}>{v}</Link>,
            },
            { title: 'Статус', dataIndex: 'status', render: (v: string) => STATUS_LABELS[v] },
            {
              title: 'Сумма',
              dataIndex: 'totalAmount',
              align: 'right',
              render: (v: string, r) => formatMoney(v, r.currency),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}

function ClientFiles({ clientId }: { clientId: string }) {
  const canPii = useCan('clients.read-pii');
  const canWrite = useCan('clients.write');
  const qc = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: File) =>
      ok(
        api.POST('/api/v1/clients/{id}/documents', {
          params: { path: { id: clientId } },
          body: { file },
          bodySerializer: formDataBody,
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['client', clientId, 'files'] }),
  });
  const q = useQuery({
    queryKey: ['client', clientId, 'files'],
    queryFn: () => ok(api.GET('/api/v1/clients/{id}/documents', { params: { path: { id: clientId } } })),
  });
  const items = q.data?.items ?? [];
  return (
    <Card
      size="small"
      title="Файлы"
      style={{ marginBottom: 12 }}
      extra={
        canWrite && (
          <label>
            Загрузить файл{' '}
            <input
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,.heic,.tif,.tiff,.webp"
              disabled={upload.isPending}
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) upload.mutate(f);
                e.target.value = '';
              }}
            />
          </label>
        )
      }
    >
      {upload.error && <Alert type="error" role="alert" title={upload.error.message} />}
      <QueryState loading={q.isLoading} error={q.error} empty={!items.length} emptyText="Файлов нет">
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {items.map((f) => (
            <li key={f.id}>
              {canPii ? (
                <Button
                  type="link"
                  onClick={async () => {
                    const l = await ok(
                      api.GET('/api/v1/clients/{id}/documents/{fileId}/download', {
                        params: { path: { id: clientId, fileId: f.id } },
                      }),
                    );
                    window.open(l.url, '_blank', 'noopener');
                  }}
                >
                  {f.fileName}
                </Button>
              ) : (
                f.fileName
              )}
            </li>
          ))}
        </ul>
      </QueryState>
    </Card>
  );
}

function MergeCard({ client }: { client: Client }) {
  const [duplicateId, setDuplicateId] = useState('');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const merge = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/clients/{id}/merge', {
          params: { path: { id: client.id } },
          body: { duplicateId, version: client.version },
        }),
      ),
    onSuccess: () => {
      void message.success('Дубликат объединён с карточкой');
      void qc.invalidateQueries({ queryKey: ['client', client.id] });
      setDuplicateId('');
      navigate(`/clients/${client.id}`);
    },
  });
  return (
    <Card size="small" title="Объединить с дубликатом">
      <Space.Compact style={{ width: '100%' }}>
        <Input
          aria-label="ID дубликата"
          placeholder="ID карточки-дубликата"
          value={duplicateId}
          onChange={(e) => setDuplicateId(e.target.value)}
        />
        <Button disabled={!duplicateId} loading={merge.isPending} onClick={() => merge.mutate()}>
          Объединить
        </Button>
      </Space.Compact>
      {merge.error && (
        <Alert type="error" role="alert" title={merge.error.message} style={{ marginTop: 8 }} />
      )}
    </Card>
  );
}
