import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { allowedTransitions } from '../../../../src/modules/orders/domain/order-status';
import { api, ApiError, ok, type Schemas } from '../../api';
import { orderQuery } from '../../routes';
import { useCan } from '../../auth';
import { QueryState, applyFieldErrors } from '../../components/common';
import { STATUS_LABELS, formatDateTime, formatMoney } from '../../format';
import { ServicesSection } from './ServicesSection';
import { DocumentsSection } from './DocumentsSection';
import { PaymentsSection } from './PaymentsSection';

type Order = Schemas['OrderDto'];

export function useOrder(id: string) {
  return useQuery(orderQuery(id));
}

/** The order page: itinerary with conflicts, totals, status, documents, payments, timeline. */
export default function OrderPage() {
  const { id = '' } = useParams();
  const order = useOrder(id);
  return (
    <QueryState loading={order.isLoading} error={order.error}>
      {order.data && <OrderView order={order.data} />}
    </QueryState>
  );
}

function OrderView({ order }: { order: Order }) {
  const canWrite = useCan('orders.write');
  const canFinance = useCan('finance.read');
  const c = order.currency;
  return (
    <article aria-label={`Заказ ${order.number}`}>
      <Space align="baseline" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          Заказ {order.number}
        </Typography.Title>
        <Tag color="blue">{STATUS_LABELS[order.status]}</Tag>
        <Link to={`/clients/${order.clientId}`}>{order.payerName}</Link>
      </Space>
      <Row gutter={12} style={{ margin: '12px 0' }}>
        <Col span={6}>
          <Card size="small">
            <Statistic title="Сумма заказа" value={formatMoney(order.totalAmount, c)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="Комиссия" value={formatMoney(order.commission, c)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="Поставщикам" value={formatMoney(order.supplierCost, c)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="Маржа" value={formatMoney(order.margin, c)} />
          </Card>
        </Col>
      </Row>
      {canWrite && <StatusBar order={order} />}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <ServicesSection order={order} />
          {/* payments, documents and the timeline (four more requests and three tables) come
              after the itinerary has been painted: they never hold up the first usable screen */}
          <AfterFirstPaint>
            {canFinance && <PaymentsSection order={order} />}
            <DocumentsSection order={order} />
          </AfterFirstPaint>
        </Col>
        <Col xs={24} xl={8}>
          <OrderDetails order={order} editable={canWrite} />
          <AfterFirstPaint>
            <TimelineCard orderId={order.id} />
          </AfterFirstPaint>
        </Col>
      </Row>
    </article>
  );
}

/**
 * Renders its children once the browser has painted the page without them (the next animation
 * frame, or 100 ms at most: a page in a background tab gets no frames).
 */
function AfterFirstPaint({ children }: { children: React.ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setReady(true), 0)));
    const fallback = setTimeout(() => setReady(true), 100);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(fallback);
      if (timer) clearTimeout(timer);
    };
  }, []);
  return ready ? <>{children}</> : null;
}

function StatusBar({ order }: { order: Order }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (v: { status: Order['status']; reason?: string }) =>
      ok(
        api.POST('/api/v1/orders/{id}/status', {
          params: { path: { id: order.id } },
          body: { ...v, version: order.version },
        }),
      ),
    onSuccess: () => {
      setCancelOpen(false);
      void qc.invalidateQueries({ queryKey: ['order', order.id] });
      void message.success('Статус изменён');
    },
  });
  const next = allowedTransitions(order.status);
  if (!next.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap>
        <span>Перевести в статус:</span>
        {next.map((s) =>
          s === 'cancelled' ? (
            <Button key={s} danger onClick={() => setCancelOpen(true)}>
              Отменить заказ
            </Button>
          ) : (
            <Button key={s} loading={change.isPending} onClick={() => change.mutate({ status: s })}>
              {STATUS_LABELS[s]}
            </Button>
          ),
        )}
      </Space>
      {change.error && !cancelOpen && (
        <Alert type="error" role="alert" showIcon title={change.error.message} style={{ marginTop: 8 }} />
      )}
      <Modal
        title="Отмена заказа"
        open={cancelOpen}
        okText="Отменить заказ"
        cancelText="Назад"
        onCancel={() => setCancelOpen(false)}
        onOk={() => change.mutate({ status: 'cancelled', reason })}
        confirmLoading={change.isPending}
      >
        <label htmlFor="cancel-reason">Причина отмены</label>
        <Input.TextArea id="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        {change.error && <Alert type="error" role="alert" title={change.error.message} />}
      </Modal>
    </Card>
  );
}

interface DetailsValues {
  note: string;
  deadline: string;
}

/** Note and deadline; a stale version (409) keeps what was typed and offers "reload and re-apply". */
function OrderDetails({ order, editable }: { order: Order; editable: boolean }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DetailsValues>();
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async ({ v, version }: { v: DetailsValues; version: number }) =>
      ok(
        api.PATCH('/api/v1/orders/{id}', {
          params: { path: { id: order.id } },
          body: {
            version,
            note: v.note ?? '',
            deadline: v.deadline ? new Date(v.deadline).toISOString() : undefined,
          },
        }),
      ),
    onSuccess: (saved) => {
      setStale(false);
      setError(null);
      qc.setQueryData(['order', order.id], saved);
      void qc.invalidateQueries({ queryKey: ['order', order.id] });
      void message.success('Заказ сохранён');
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) setStale(true);
      else setError(applyFieldErrors(form, e));
    },
  });

  async function reapply() {
    // fetch the newest version, then send the user's values again on top of it
    const fresh = await qc.fetchQuery({
      queryKey: ['order', order.id],
      queryFn: () => ok(api.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } } })),
      staleTime: 0,
    });
    save.mutate({ v: form.getFieldsValue(), version: fresh.version });
  }

  return (
    <Card size="small" title="Детали заказа" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="Валюта">{order.currency}</Descriptions.Item>
        <Descriptions.Item label="Срок оплаты">{formatDateTime(order.deadline)}</Descriptions.Item>
        <Descriptions.Item label="Версия">{order.version}</Descriptions.Item>
      </Descriptions>
      {stale && (
        <Alert
          type="warning"
          role="alert"
          showIcon
          title="Заказ уже изменил другой сотрудник"
          description="Ваши изменения не потеряны: загрузите свежую версию и примените их снова."
          action={
            <Button size="small" type="primary" onClick={() => void reapply()} loading={save.isPending}>
              Обновить и применить снова
            </Button>
          }
          style={{ marginBottom: 8 }}
        />
      )}
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 8 }} />}
      <Form<DetailsValues>
        name="order"
        form={form}
        layout="vertical"
        disabled={!editable}
        initialValues={{ note: order.note ?? '', deadline: toLocalInput(order.deadline) }}
        onFinish={(v) => save.mutate({ v, version: order.version })}
      >
        <Form.Item label="Примечание" name="note">
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label="Срок оплаты (ваше время)" name="deadline">
          <Input type="datetime-local" />
        </Form.Item>
        {editable && (
          <Button htmlType="submit" type="primary" loading={save.isPending}>
            Сохранить
          </Button>
        )}
      </Form>
    </Card>
  );
}

function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function TimelineCard({ orderId }: { orderId: string }) {
  const q = useQuery({
    queryKey: ['order', orderId, 'timeline'],
    queryFn: () =>
      ok(
        api.GET('/api/v1/orders/{id}/timeline', { params: { path: { id: orderId }, query: { limit: 100 } } }),
      ),
  });
  const items = q.data?.items ?? [];
  return (
    <Card size="small" title="История">
      <QueryState loading={q.isLoading} error={q.error} empty={!items.length} emptyText="Событий пока нет">
        <Timeline
          items={[...items].reverse().map((e) => ({
            key: e.eventId,
            content: (
              <>
                <div>{e.summary}</div>
                <Typography.Text type="secondary">{formatDateTime(e.ts)}</Typography.Text>
              </>
            ),
          }))}
        />
      </QueryState>
    </Card>
  );
}
