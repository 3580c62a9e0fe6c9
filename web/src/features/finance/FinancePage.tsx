import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, ok, saveFile, type Schemas } from '../../api';
import { useCan } from '../../auth';
import { NativeSelect } from '../../components/NativeSelect';
import { ErrorAlert, QueryState } from '../../components/common';
import {
  PAYMENT_METHODS,
  PAYMENT_TYPES,
  STATUS_LABELS,
  formatDate,
  formatDateTime,
  formatMoney,
} from '../../format';

/** Финансы: payments, debts (with CSV), bank exports (1C, Elba), the agent report. */
export default function FinancePage() {
  const reports = useCan('reports.read');
  const exportsAllowed = useCan('exports.read');
  return (
    <section>
      <Typography.Title level={2}>Финансы</Typography.Title>
      <Tabs
        items={[
          { key: 'payments', label: 'Платежи', children: <Payments /> },
          ...(reports ? [{ key: 'debts', label: 'Долги', children: <Debts /> }] : []),
          ...(exportsAllowed ? [{ key: 'exports', label: 'Выгрузки', children: <Exports /> }] : []),
          ...(reports ? [{ key: 'agent', label: 'Отчёт агента', children: <AgentReport /> }] : []),
        ]}
      />
    </section>
  );
}

type Payment = Schemas['PaymentDto'];

function Payments() {
  const [page, setPage] = useState(1);
  const [type, setType] = useState('');
  const pageSize = 20;
  const q = useQuery({
    queryKey: ['payments', { page, type }],
    queryFn: () =>
      ok(
        api.GET('/api/v1/payments', {
          params: {
            query: {
              limit: pageSize,
              offset: (page - 1) * pageSize,
              type: (type || undefined) as Payment['type'] | undefined,
            },
          },
        }),
      ),
    placeholderData: (p) => p,
  });
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <label htmlFor="payment-type-filter">Тип</label>
        <NativeSelect
          id="payment-type-filter"
          value={type}
          onChange={(v) => (setType(v), setPage(1))}
          placeholder="Все"
          options={Object.entries(PAYMENT_TYPES).map(([value, label]) => ({ value, label }))}
          style={{ width: 220 }}
        />
      </Space>
      <ErrorAlert error={q.error} />
      <Table<Payment>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: 'Платежей нет' }}
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: 'Дата', dataIndex: 'paidAt', render: (v: string) => formatDateTime(v) },
          {
            title: 'Заказ',
            dataIndex: 'orderNumber',
            render: (v: string, p) => <Link to={`/orders/${p.orderId}`}>{v}</Link>,
          },
          { title: 'Тип', dataIndex: 'type', render: (v: string) => PAYMENT_TYPES[v] },
          {
            title: 'Сумма',
            dataIndex: 'amount',
            align: 'right',
            render: (v: string, p) => formatMoney(v, p.currency),
          },
          { title: 'Курс', dataIndex: 'rate', align: 'right' },
          { title: 'Способ', dataIndex: 'method', render: (v: string) => PAYMENT_METHODS[v] },
          { title: 'Поставщик', dataIndex: 'supplier' },
          {
            title: '',
            dataIndex: 'cancelledAt',
            render: (v: string | null) => (v ? <Tag color="red">Отменён</Tag> : null),
          },
        ]}
      />
    </>
  );
}

type Debt = Schemas['DebtRowDto'];

function Debts() {
  const [side, setSide] = useState<'clients' | 'suppliers'>('clients');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const pageSize = 20;
  const filters = { side, status: (status || undefined) as Schemas['OrderDto']['status'] | undefined };
  const q = useQuery({
    queryKey: ['debts', { ...filters, page }],
    queryFn: () =>
      ok(
        api.GET('/api/v1/reports/debts', {
          params: { query: { ...filters, limit: pageSize, offset: (page - 1) * pageSize } as never },
        }),
      ),
    placeholderData: (p) => p,
  });
  const data = q.data as Schemas['DebtsReportDto'] | undefined;
  function csv() {
    saveFile(
      api.GET('/api/v1/reports/debts', { params: { query: { ...filters, format: 'csv' } }, parseAs: 'blob' }),
      `долги-${side}.csv`,
    ).catch((e: Error) => setError(e.message));
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <label htmlFor="debt-side">Чьи долги</label>
        <NativeSelect
          id="debt-side"
          value={side}
          onChange={(v) => (setSide(v as typeof side), setPage(1))}
          options={[
            { value: 'clients', label: 'Клиенты нам' },
            { value: 'suppliers', label: 'Мы поставщикам' },
          ]}
          style={{ width: 200 }}
        />
        <label htmlFor="debt-status">Статус заказа</label>
        <NativeSelect
          id="debt-status"
          value={status}
          placeholder="Любой"
          onChange={(v) => (setStatus(v), setPage(1))}
          options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          style={{ width: 180 }}
        />
        <Button onClick={csv}>Скачать CSV</Button>
      </Space>
      {error && <Alert type="error" role="alert" title={error} />}
      <ErrorAlert error={q.error} />
      {data && data.totals.length > 0 && (
        <Space style={{ marginBottom: 8 }} aria-label="Итого долгов">
          {data.totals.map((t) => (
            <Tag key={t.currency} color="volcano">
              Итого {formatMoney(t.due, t.currency)} · заказов: {t.orders}
            </Tag>
          ))}
        </Space>
      )}
      <Table<Debt>
        rowKey="orderId"
        size="small"
        loading={q.isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: 'Долгов нет' }}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: 'Заказ',
            dataIndex: 'number',
            render: (v: string, r) => <Link to={`/orders/${r.orderId}`}>{v}</Link>,
          },
          { title: 'Клиент', dataIndex: 'clientName' },
          { title: 'Статус', dataIndex: 'status', render: (v: string) => STATUS_LABELS[v] ?? v },
          { title: 'Срок', dataIndex: 'deadline', render: (v: string) => formatDate(v) },
          { title: 'Просрочка, дн.', dataIndex: 'daysOverdue', align: 'right' },
          {
            title: 'Сумма',
            dataIndex: 'totalAmount',
            align: 'right',
            render: (v: string, r) => formatMoney(v, r.currency),
          },
          {
            title: 'Оплачено',
            dataIndex: 'paid',
            align: 'right',
            render: (v: string, r) => formatMoney(v, r.currency),
          },
          {
            title: 'Долг',
            dataIndex: 'due',
            align: 'right',
            render: (v: string, r) => <b>{formatMoney(v, r.currency)}</b>,
          },
        ]}
      />
    </>
  );
}

function monthStart(offset = 0): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + offset);
  return d.toISOString().slice(0, 10);
}

function Exports() {
  const [error, setError] = useState<string | null>(null);
  return (
    <Card size="small" title="Выгрузка платежей в бухгалтерию">
      <Form
        name="export"
        layout="inline"
        initialValues={{ from: monthStart(0), to: monthStart(1), format: '1c' }}
        onFinish={(v: { from: string; to: string; format: string }) => {
          setError(null);
          const ext = v.format === 'csv' ? 'csv' : 'txt';
          saveFile(
            api.GET('/api/v1/exports/payments', {
              params: { query: { ...v, format: v.format as 'csv' | '1c' | 'elba' } },
              parseAs: 'blob',
            }),
            `платежи-${v.from}-${v.format}.${ext}`,
          ).catch((e: Error) => setError(e.message));
        }}
      >
        <Form.Item label="С" name="from">
          <Input type="date" />
        </Form.Item>
        <Form.Item label="По" name="to">
          <Input type="date" />
        </Form.Item>
        <Form.Item label="Формат" name="format">
          <NativeSelect
            options={[
              { value: '1c', label: '1С (1CClientBankExchange)' },
              { value: 'elba', label: 'Контур.Эльба' },
              { value: 'csv', label: 'CSV' },
            ]}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          Скачать выгрузку
        </Button>
      </Form>
      {error && <Alert type="error" role="alert" title={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}

function AgentReport() {
  const [params, setParams] = useState<{ supplier: string; month: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['agent-report', params],
    enabled: !!params,
    queryFn: () =>
      ok(api.GET('/api/v1/reports/agent', { params: { query: { ...params!, format: 'json' } as never } })),
  });
  const data = q.data as Schemas['AgentReportDto'] | undefined;
  return (
    <Card size="small" title="Отчёт агента перед поставщиком">
      <Form
        name="agent"
        layout="inline"
        initialValues={{ supplier: '', month: monthStart(0).slice(0, 7) }}
        onFinish={(v: { supplier: string; month: string }) => setParams(v)}
      >
        <Form.Item
          label="Поставщик"
          name="supplier"
          rules={[{ required: true, message: 'Укажите поставщика' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="Месяц" name="month" rules={[{ required: true }]}>
          <Input type="month" />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          Показать
        </Button>
        {params && (
          <Button
            style={{ marginLeft: 8 }}
            onClick={() =>
              saveFile(
                api.GET('/api/v1/reports/agent', {
                  params: { query: { ...params, format: 'pdf' } },
                  parseAs: 'blob',
                }),
                `отчёт-агента-${params.month}.pdf`,
              ).catch((e: Error) => setError(e.message))
            }
          >
            Скачать PDF
          </Button>
        )}
      </Form>
      {error && <Alert type="error" role="alert" title={error} />}
      {params && (
        <QueryState
          loading={q.isLoading}
          error={q.error}
          empty={!data?.items.length}
          emptyText="За этот месяц услуг поставщика нет"
        >
          <Table<Schemas['AgentReportRowDto']>
            rowKey="serviceId"
            size="small"
            pagination={false}
            dataSource={data?.items ?? []}
            columns={[
              {
                title: 'Заказ',
                dataIndex: 'orderNumber',
                render: (v: string, r) => <Link to={`/orders/${r.orderId}`}>{v}</Link>,
              },
              { title: 'Дата', dataIndex: 'startAt', render: (v: string) => formatDate(v) },
              { title: 'Бронь', dataIndex: 'bookingRef' },
              {
                title: 'Брутто',
                dataIndex: 'gross',
                align: 'right',
                render: (v: string, r) => formatMoney(v, r.currency),
              },
              {
                title: 'Вознаграждение',
                dataIndex: 'commission',
                align: 'right',
                render: (v: string, r) => formatMoney(v, r.currency),
              },
              {
                title: 'Нетто',
                dataIndex: 'net',
                align: 'right',
                render: (v: string, r) => formatMoney(v, r.currency),
              },
            ]}
          />
        </QueryState>
      )}
    </Card>
  );
}
