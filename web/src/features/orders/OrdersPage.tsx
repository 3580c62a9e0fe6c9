import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ok, type Schemas } from '../../api';
import { ErrorAlert } from '../../components/common';
import { NativeSelect } from '../../components/NativeSelect';
import { useStaffNames } from '../../auth';
import { STATUS_LABELS, formatDate, formatMoney } from '../../format';

type Row = Schemas['OrderListItemDto'];
type Status = Row['status'];

/** Заказы: server-side pages, filters and sort kept in the URL. */
export default function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('size') ?? 20);
  const status = (params.get('status') as Status | null) ?? undefined;
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? '-createdAt';
  const confirmation = params.get('confirmation') ?? undefined;
  const [text, setText] = useState(q);
  const staff = useStaffNames();
  const sortOrder = (field: string) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const query = useQuery({
    queryKey: ['orders', { page, pageSize, status, q, sort, confirmation }],
    queryFn: () =>
      ok(
        api.GET('/api/v1/orders', {
          params: {
            query: {
              limit: pageSize,
              offset: (page - 1) * pageSize,
              status,
              q: q || undefined,
              sort,
              confirmation,
            },
          },
        }),
      ),
    placeholderData: (prev) => prev,
  });
  return (
    <section>
      <Typography.Title level={2}>Заказы</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="Поиск заказов"
          placeholder="Номер или плательщик"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => set({ q: v || undefined, page: undefined })}
          allowClear
          style={{ width: 280 }}
        />
        <Select
          aria-label="Статус"
          allowClear
          placeholder="Статус"
          style={{ width: 180 }}
          value={status}
          onChange={(v?: string) => set({ status: v, page: undefined })}
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <NativeSelect
          aria-label="Подтверждения поставщиков"
          value={confirmation ?? ''}
          onChange={(v) => set({ confirmation: v || undefined, page: undefined })}
          options={[
            { value: '', label: 'Все подтверждения' },
            { value: 'pending', label: 'Ждут ответа поставщика' },
            { value: 'rejected', label: 'Отклонены поставщиком' },
            { value: 'pending,rejected', label: 'Ждут ответа или отклонены' },
          ]}
          style={{ width: 260 }}
        />
      </Space>
      <ErrorAlert error={query.error} />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: 'Заказов нет' }}
        onChange={(p, _f, s) => {
          const one = Array.isArray(s) ? s[0] : s;
          const field = one?.order ? `${one.order === 'descend' ? '-' : ''}${String(one.field)}` : undefined;
          set({ page: String(p.current ?? 1), size: String(p.pageSize ?? 20), sort: field });
        }}
        pagination={{ current: page, pageSize, total: query.data?.total ?? 0, showSizeChanger: true }}
        columns={[
          {
            title: 'Номер',
            dataIndex: 'number',
            sorter: true,
            sortOrder: sortOrder('number'),
            render: (v: string, r) => <Link to={`/orders/${r.id}`}>{v}</Link>,
          },
          { title: 'Плательщик', dataIndex: 'payerName' },
          { title: 'Менеджер', dataIndex: 'managerId', render: (v: string) => staff.get(v) ?? '—' },
          {
            title: 'Статус',
            dataIndex: 'status',
            render: (v: string) => <Tag>{STATUS_LABELS[v] ?? v}</Tag>,
          },
          {
            title: 'Сумма',
            dataIndex: 'totalAmount',
            align: 'right',
            sorter: true,
            sortOrder: sortOrder('totalAmount'),
            render: (v: string, r) => formatMoney(v, r.currency),
          },
          {
            title: 'Комиссия',
            dataIndex: 'commission',
            align: 'right',
            render: (v: string, r) => formatMoney(v, r.currency),
          },
          {
            title: 'Срок',
            dataIndex: 'deadline',
            sorter: true,
            sortOrder: sortOrder('deadline'),
            render: (v: string | null) => formatDate(v),
          },
          {
            title: 'Создан',
            dataIndex: 'createdAt',
            sorter: true,
            sortOrder: sortOrder('createdAt'),
            render: (v: string) => formatDate(v),
          },
        ]}
      />
    </section>
  );
}
