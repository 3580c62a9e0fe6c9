import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import { api, ok, type Schemas } from '../../api';
import { ErrorAlert } from '../../components/common';
import { ROLES, formatDateTime } from '../../format';

type Entry = Schemas['AuditEntryDto'];
interface Filters {
  entity?: string;
  entityId?: string;
  action?: string;
  user?: string;
}

/** Аудит (supervisor, admin): the log with its diffs and a chain check. */
export default function AuditPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const pageSize = 25;
  const q = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () =>
      ok(
        api.GET('/api/v1/audit', {
          params: {
            query: { ...clean(filters), limit: pageSize, offset: (page - 1) * pageSize, sort: '-seq' },
          },
        }),
      ),
    placeholderData: (p) => p,
  });
  const verify = useMutation({ mutationFn: () => ok(api.GET('/api/v1/audit/verify')) });
  return (
    <section>
      <Typography.Title level={2}>Аудит</Typography.Title>
      <Form
        name="audit"
        layout="inline"
        onFinish={(v: Filters) => (setFilters(v), setPage(1))}
        style={{ marginBottom: 12 }}
      >
        <Form.Item label="Объект" name="entity">
          <Input placeholder="order, client…" />
        </Form.Item>
        <Form.Item label="ID объекта" name="entityId">
          <Input />
        </Form.Item>
        <Form.Item label="Действие" name="action">
          <Input placeholder="orders.created" />
        </Form.Item>
        <Form.Item label="ID сотрудника" name="user">
          <Input />
        </Form.Item>
        <Space>
          <Button htmlType="submit" type="primary">
            Найти
          </Button>
          <Button onClick={() => verify.mutate()} loading={verify.isPending}>
            Проверить цепочку
          </Button>
        </Space>
      </Form>
      {verify.data && (
        <Alert
          role="status"
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          title={
            verify.data.ok
              ? `Цепочка цела: проверено записей ${verify.data.checked}`
              : `Цепочка нарушена на записи ${verify.data.brokenAt ?? '?'} (проверено ${verify.data.checked})`
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <ErrorAlert error={q.error ?? verify.error} />
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: 'Записей нет' }}
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, onChange: setPage }}
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.diff, null, 2)}</pre>
          ),
        }}
        columns={[
          { title: '№', dataIndex: 'seq' },
          { title: 'Время', dataIndex: 'ts', render: (v: string) => formatDateTime(v) },
          { title: 'Роль', dataIndex: 'role', render: (v: string) => ROLES[v] ?? v },
          { title: 'Действие', dataIndex: 'action' },
          { title: 'Объект', dataIndex: 'entity' },
          {
            title: 'ID объекта',
            dataIndex: 'entityId',
            render: (v: string) => <code>{v?.slice(0, 8)}</code>,
          },
        ]}
      />
    </section>
  );
}

function clean(f: Filters): Filters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Filters;
}
