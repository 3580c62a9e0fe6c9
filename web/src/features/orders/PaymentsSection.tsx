import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Table, Tag } from 'antd';
import { api, ok, type Schemas } from '../../api';
import { useCan } from '../../auth';
import { NativeSelect } from '../../components/NativeSelect';
import { QueryState, applyFieldErrors } from '../../components/common';
import { PAYMENT_METHODS, PAYMENT_TYPES, formatDateTime, formatMoney, zonedToIso } from '../../format';

type Order = Schemas['OrderDto'];
type Payment = Schemas['PaymentDto'];

/** Payments of the order and its balance (paid, due) as the finance module computes them. */
export function PaymentsSection({ order }: { order: Order }) {
  const canWrite = useCan('finance.write');
  const [open, setOpen] = useState(false);
  const balance = useQuery({
    queryKey: ['order', order.id, 'balance'],
    queryFn: () => ok(api.GET('/api/v1/orders/{id}/balance', { params: { path: { id: order.id } } })),
    // finance learns of order totals from events, a moment after the order changes
    refetchInterval: 5000,
  });
  const payments = useQuery({
    queryKey: ['order', order.id, 'payments'],
    queryFn: () => ok(api.GET('/api/v1/orders/{id}/payments', { params: { path: { id: order.id } } })),
  });
  const list = (payments.data?.items ?? []) as Payment[];
  const b = balance.data;
  return (
    <Card
      size="small"
      title="Оплаты"
      style={{ marginBottom: 12 }}
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setOpen(true)}>
            Записать платёж
          </Button>
        )
      }
    >
      <QueryState loading={balance.isLoading} error={balance.error}>
        {b && (
          <Descriptions size="small" column={4} aria-label="Баланс заказа">
            <Descriptions.Item label="Оплачено">{formatMoney(b.paid, b.currency)}</Descriptions.Item>
            <Descriptions.Item label="Возвращено">{formatMoney(b.refunded, b.currency)}</Descriptions.Item>
            <Descriptions.Item label="Долг клиента">
              <span data-testid="order-due">{formatMoney(b.due, b.currency)}</span>
            </Descriptions.Item>
            <Descriptions.Item label="Переплата">{formatMoney(b.overpayment, b.currency)}</Descriptions.Item>
          </Descriptions>
        )}
      </QueryState>
      <QueryState
        loading={payments.isLoading}
        error={payments.error}
        empty={!list.length}
        emptyText="Платежей пока нет"
      >
        <Table<Payment>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={list}
          columns={[
            { title: 'Дата', dataIndex: 'paidAt', render: (v: string) => formatDateTime(v) },
            { title: 'Тип', dataIndex: 'type', render: (v: string) => PAYMENT_TYPES[v] },
            {
              title: 'Сумма',
              dataIndex: 'amount',
              align: 'right',
              render: (v: string, p) => formatMoney(v, p.currency),
            },
            {
              title: `В валюте заказа`,
              dataIndex: 'amountInOrderCurrency',
              align: 'right',
              render: (v: string, p) => formatMoney(v, p.orderCurrency),
            },
            { title: 'Способ', dataIndex: 'method', render: (v: string) => PAYMENT_METHODS[v] },
            { title: 'Документ', dataIndex: 'reference' },
            {
              title: '',
              dataIndex: 'cancelledAt',
              render: (v: string | null) => (v ? <Tag color="red">Отменён</Tag> : null),
            },
          ]}
        />
      </QueryState>
      {open && <PaymentModal order={order} onClose={() => setOpen(false)} />}
    </Card>
  );
}

interface PaymentValues {
  type: Payment['type'];
  amount: string;
  currency: string;
  rate?: string;
  paidAt: string;
  method: Payment['method'];
  reference?: string;
}

function nowLocal(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function PaymentModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const [form] = Form.useForm<PaymentValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const currency = Form.useWatch('currency', form) ?? order.currency;
  const record = useMutation({
    mutationFn: (v: PaymentValues) =>
      ok(
        api.POST('/api/v1/orders/{id}/payments', {
          params: { path: { id: order.id } },
          body: {
            type: v.type,
            amount: v.amount.replace(',', '.').replace(/\s/g, ''),
            currency: v.currency,
            rate: v.currency !== order.currency ? v.rate?.replace(',', '.') : undefined,
            paidAt: zonedToIso(v.paidAt, Intl.DateTimeFormat().resolvedOptions().timeZone),
            method: v.method,
            reference: v.reference || undefined,
          },
        }),
      ),
    onSuccess: () => {
      void message.success('Платёж записан');
      void qc.invalidateQueries({ queryKey: ['order', order.id] });
      void qc.invalidateQueries({ queryKey: ['payments'] });
      onClose();
    },
    onError: (e) => setError(applyFieldErrors(form, e)),
  });
  return (
    <Modal
      open
      title="Новый платёж"
      onCancel={onClose}
      okText="Записать"
      cancelText="Отмена"
      confirmLoading={record.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) => record.mutate(v),
          () => undefined,
        )
      }
    >
      <Form<PaymentValues>
        name="payment"
        form={form}
        layout="vertical"
        initialValues={{
          type: 'payment',
          currency: order.currency,
          method: 'bank_transfer',
          paidAt: nowLocal(),
        }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="Тип платежа" name="type">
              <NativeSelect
                options={Object.entries(PAYMENT_TYPES)
                  .slice(0, 2)
                  .map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="Способ оплаты" name="method">
              <NativeSelect
                options={Object.entries(PAYMENT_METHODS).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label="Сумма платежа"
              name="amount"
              rules={[
                { required: true, pattern: /^\d[\d\s]*([.,]\d{1,2})?$/, message: 'Сумма, например 12500,00' },
              ]}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="Валюта платежа" name="currency">
              <NativeSelect options={['RUB', 'EUR', 'USD'].map((v) => ({ value: v, label: v }))} />
            </Form.Item>
          </Col>
          {currency !== order.currency && (
            <Col span={12}>
              <Form.Item label={`Курс к ${order.currency}`} name="rate">
                <Input inputMode="decimal" placeholder="пусто — курс ЦБ на дату" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item label="Дата и время платежа" name="paidAt" rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="Номер платёжного документа" name="reference">
              <Input />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" role="alert" showIcon title={error} />}
    </Modal>
  );
}
