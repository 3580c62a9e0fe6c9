import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Space, Table, Typography } from 'antd';
import { api, ok, type Schemas } from '../../api';
import { useCan } from '../../auth';
import { ErrorAlert } from '../../components/common';
import { formatDate } from '../../format';
import { ClientFormModal } from './ClientForm';

type Row = Schemas['ClientListItemDto'];

/** Клиенты: one search box — name, or exact phone, e-mail or passport number. */
export default function ClientsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1);
  const sort = params.get('sort') ?? 'fullName';
  const pageSize = 20;
  const [text, setText] = useState(q);
  const [creating, setCreating] = useState(false);
  const canWrite = useCan('clients.write');
  const pii = useCan('clients.read-pii');
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: ['clients', { q, page, sort }],
    queryFn: () =>
      ok(
        api.GET('/api/v1/clients', {
          params: { query: { q: q || undefined, limit: pageSize, offset: (page - 1) * pageSize, sort } },
        }),
      ),
    placeholderData: (p) => p,
  });
  return (
    <section>
      <Typography.Title level={2}>Клиенты</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="Поиск клиентов"
          placeholder="ФИО, телефон, e-mail или номер паспорта"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setParams(v ? { q: v } : {})}
          allowClear
          style={{ width: 380 }}
        />
        {canWrite && (
          <Button type="primary" onClick={() => setCreating(true)}>
            Новый клиент
          </Button>
        )}
      </Space>
      <ErrorAlert error={query.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: q ? 'Никого не нашли' : 'Клиентов пока нет' }}
        pagination={{ current: page, pageSize, total: query.data?.total ?? 0 }}
        onChange={(p, _f, s) => {
          const one = Array.isArray(s) ? s[0] : s;
          const n = new URLSearchParams(params);
          n.set('page', String(p.current ?? 1));
          if (one?.order) n.set('sort', `${one.order === 'descend' ? '-' : ''}${String(one.field)}`);
          setParams(n);
        }}
        columns={[
          {
            title: 'ФИО',
            dataIndex: 'fullName',
            sorter: true,
            sortOrder: sort === 'fullName' ? 'ascend' : sort === '-fullName' ? 'descend' : null,
            render: (v: string, r) => <Link to={`/clients/${r.id}`}>{v}</Link>,
          },
          { title: 'Телефоны', dataIndex: 'phones', render: (v: string[]) => v.join(', ') },
          { title: 'E-mail', dataIndex: 'emails', render: (v: string[]) => v.join(', ') },
          ...(pii
            ? [
                {
                  title: 'Паспорта',
                  dataIndex: 'passports',
                  render: (v: Row['passports']) => (v ?? []).map((p) => p.numberMasked).join(', ') || '—',
                },
              ]
            : []),
          {
            title: 'Создан',
            dataIndex: 'createdAt',
            sorter: true,
            sortOrder: sort === 'createdAt' ? 'ascend' : sort === '-createdAt' ? 'descend' : null,
            render: (v: string) => formatDate(v),
          },
        ]}
      />
      {creating && (
        <ClientFormModal onClose={(id) => (setCreating(false), id && navigate(`/clients/${id}`))} />
      )}
    </section>
  );
}
