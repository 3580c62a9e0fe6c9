import { useCallback, useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { api, ApiError, ok, type Schemas } from '../../api';
import { useCan } from '../../auth';
import { NativeSelect } from '../../components/NativeSelect';
import { SeverityTag, applyFieldErrors } from '../../components/common';
import {
  CONFIRMATION_COLORS,
  CONFIRMATION_LABELS,
  SERVICE_TYPES,
  formatDateTime,
  formatMoney,
  zonedToIso,
} from '../../format';
import { PLACES, placeByCity } from './places';

type Order = Schemas['OrderDto'];
type Service = Schemas['ServiceDto'];
type Conflict = Schemas['ConflictDto'];
type Place = Schemas['PlaceDto'];

const MOVES = new Set(['flight', 'rail', 'transfer']);

/** Services as an itinerary in each place's local time; conflicts shown on the services they name. */
export function ServicesSection({ order }: { order: Order }) {
  const canWrite = useCan('orders.write') && order.status !== 'completed' && order.status !== 'cancelled';
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const services = useMemo(
    () => [...order.services].sort((a, b) => Date.parse(a.startAt) - Date.parse(b.startAt)),
    [order.services],
  );
  const byService = useMemo(() => {
    const m = new Map<string, Conflict[]>();
    for (const c of order.conflicts) for (const s of c.serviceIds) m.set(s, [...(m.get(s) ?? []), c]);
    return m;
  }, [order.conflicts]);
  const remove = useMutation({
    mutationFn: (serviceId: string) =>
      ok(
        api.DELETE('/api/v1/orders/{id}/services/{serviceId}', {
          params: { path: { id: order.id, serviceId } },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['order', order.id] }),
  });
  const c = order.currency;
  const removeService = remove.mutate;
  const { modal } = App.useApp();
  // one confirmation dialog on demand instead of a Popconfirm (a popup trigger) in each row
  const confirmRemove = useCallback(
    (serviceId: string) =>
      void modal.confirm({
        title: 'Удалить услугу?',
        okText: 'Удалить',
        okButtonProps: { danger: true },
        cancelText: 'Нет',
        onOk: () => removeService(serviceId),
      }),
    [modal, removeService],
  );
  // one column set per order state: the 30 rows are not re-described on every render
  const columns = useMemo<TableColumnsType<Service>>(
    () => [
      {
        title: 'Услуга',
        dataIndex: 'type',
        render: (t: string, s) => (
          <>
            <b>{SERVICE_TYPES[t]}</b>
            {s.supplier ? ` · ${s.supplier}` : ''}
          </>
        ),
      },
      {
        title: 'Начало',
        dataIndex: 'startAt',
        render: (v: string, s) => formatDateTime(v, s.location.timeZone, s.location.city),
      },
      {
        title: 'Окончание',
        dataIndex: 'endAt',
        render: (v: string, s) => {
          const end = (s.destination as Place | null) ?? s.location;
          return formatDateTime(v, end.timeZone, end.city);
        },
      },
      {
        title: 'Цена',
        dataIndex: 'price',
        align: 'right',
        render: (v: string, s) => (
          <Tooltip title={s.currency !== c ? `${formatMoney(s.amount, c)} по курсу ${s.rate}` : undefined}>
            {formatMoney(v, s.currency)}
          </Tooltip>
        ),
      },
      {
        title: 'Комиссия',
        dataIndex: 'commissionAmount',
        align: 'right',
        render: (v: string) => formatMoney(v, c),
      },
      {
        title: 'Подтверждение',
        key: 'confirmation',
        render: (_: unknown, s) => <ConfirmationCell confirmation={s.confirmation} />,
      },
      {
        title: 'Конфликты',
        key: 'conflicts',
        render: (_: unknown, s) => {
          const list = byService.get(s.id) ?? [];
          if (!list.length) return <Tag color="green">Нет</Tag>;
          return (
            <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 2 }}>
              {list.map((x, i) => (
                // a plain title, not a Tooltip: popup triggers in every row cost the first render
                <span key={i} role="note" aria-label={`Конфликт: ${x.message}`} title={x.message}>
                  <SeverityTag severity={x.severity} />
                </span>
              ))}
            </div>
          );
        },
      },
      ...(canWrite
        ? [
            {
              title: <span className="sr-only">Действия</span>,
              key: 'actions',
              render: (_: unknown, s: Service) => (
                <Button size="small" danger type="link" onClick={() => confirmRemove(s.id)}>
                  Удалить
                </Button>
              ),
            },
          ]
        : []),
    ],
    [byService, c, canWrite, confirmRemove],
  );
  return (
    <Card
      size="small"
      title={`Услуги (${services.length})`}
      style={{ marginBottom: 12 }}
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setOpen(true)}>
            Добавить услугу
          </Button>
        )
      }
    >
      {order.conflicts.length > 0 && (
        <Alert
          type={order.conflicts.some((x) => x.severity === 'error') ? 'error' : 'warning'}
          showIcon
          title={`Конфликты маршрута: ${order.conflicts.length}`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {order.conflicts.map((x, i) => (
                <li key={i}>{x.message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 8 }}
        />
      )}
      {remove.error && <Alert type="error" role="alert" title={remove.error.message} />}
      <Table<Service>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={services}
        locale={{ emptyText: 'Услуг пока нет — добавьте перелёт или гостиницу' }}
        onRow={(s) => ({ 'data-service-id': s.id, 'data-conflict': byService.has(s.id) }) as never}
        columns={columns}
      />
      {open && <AddServiceModal order={order} onClose={() => setOpen(false)} />}
    </Card>
  );
}

/** The supplier's answer: pending, confirmed (when), or rejected with the supplier's reason. */
function ConfirmationCell({ confirmation: c }: { confirmation: Service['confirmation'] }) {
  if (!c) return <span title="У услуги не указан поставщик">—</span>;
  return (
    <div data-confirmation={c.status}>
      <Tag color={CONFIRMATION_COLORS[c.status]}>{CONFIRMATION_LABELS[c.status] ?? c.status}</Tag>
      {c.status === 'rejected' && c.reason && (
        <div>
          <Typography.Text type="danger">Причина: {c.reason}</Typography.Text>
        </div>
      )}
      {c.decidedAt && (
        <div>
          <Typography.Text type="secondary">
            {c.supplier}, {formatDateTime(c.decidedAt)}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}

interface ServiceValues {
  type: Service['type'];
  from: string;
  to?: string;
  startAt: string;
  endAt: string;
  supplier?: string;
  price: string;
  currency: string;
  rate?: string;
  commissionPercent?: string;
  bookingRef?: string;
}

function toPlace(city: string): Place & { timeZone: string } {
  const p = placeByCity(city);
  if (!p) throw new Error(`Неизвестный город ${city}`);
  return { city: p.city, country: p.country, timeZone: p.timeZone, iata: p.iata };
}

function AddServiceModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const [form] = Form.useForm<ServiceValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const canForce = useCan('orders.force');
  const [error, setError] = useState<string | null>(null);
  const [blocking, setBlocking] = useState<Conflict[] | null>(null);
  const type = Form.useWatch('type', form) ?? 'flight';
  const currency = Form.useWatch('currency', form) ?? order.currency;
  const moves = MOVES.has(type);
  const add = useMutation({
    mutationFn: (force: boolean) => {
      const v = form.getFieldsValue();
      const from = toPlace(v.from);
      const to = moves && v.to ? toPlace(v.to) : null;
      return ok(
        api.POST('/api/v1/orders/{id}/services', {
          params: { path: { id: order.id } },
          body: {
            type: v.type,
            location: from,
            destination: to ?? undefined,
            startAt: zonedToIso(v.startAt, from.timeZone),
            endAt: zonedToIso(v.endAt, (to ?? from).timeZone),
            supplier: v.supplier || undefined,
            price: v.price.replace(',', '.').replace(/\s/g, ''),
            currency: v.currency,
            rate: v.currency !== order.currency ? v.rate?.replace(',', '.') : undefined,
            commission: v.commissionPercent ? { percent: v.commissionPercent.replace(',', '.') } : undefined,
            bookingRef: v.bookingRef || undefined,
            force: force || undefined,
          },
        }),
      );
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['order', order.id] });
      void message.success(r.conflicts.length ? 'Услуга добавлена, есть конфликты' : 'Услуга добавлена');
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && e.problem.code?.includes('CONFLICT')) {
        setBlocking(((e.problem as unknown as { conflicts?: Conflict[] }).conflicts ?? []) as Conflict[]);
        setError(e.message);
      } else setError(applyFieldErrors(form, e));
    },
  });
  return (
    <Modal
      open
      title="Новая услуга"
      width={720}
      onCancel={onClose}
      okText="Добавить"
      cancelText="Отмена"
      confirmLoading={add.isPending}
      onOk={() =>
        form.validateFields().then(
          () => add.mutate(false),
          () => undefined,
        )
      }
      destroyOnHidden
    >
      <Form<ServiceValues>
        name="service"
        form={form}
        layout="vertical"
        initialValues={{
          type: 'flight',
          currency: order.currency,
          from: 'Москва',
          to: 'Париж',
          commissionPercent: '',
        }}
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label="Тип услуги" name="type" rules={[{ required: true }]}>
              <NativeSelect
                options={Object.entries(SERVICE_TYPES).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label={moves ? 'Откуда' : 'Город'}
              name="from"
              rules={[{ required: true, message: 'Выберите город' }]}
            >
              <NativeSelect options={PLACES.map((p) => ({ value: p.city, label: p.city }))} />
            </Form.Item>
          </Col>
          {moves && (
            <Col span={8}>
              <Form.Item label="Куда" name="to" rules={[{ required: true, message: 'Выберите город' }]}>
                <NativeSelect options={PLACES.map((p) => ({ value: p.city, label: p.city }))} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              label={moves ? 'Отправление (местное время)' : 'Начало (местное время)'}
              name="startAt"
              rules={[{ required: true, message: 'Укажите дату и время' }]}
            >
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              label={moves ? 'Прибытие (местное время)' : 'Окончание (местное время)'}
              name="endAt"
              rules={[{ required: true, message: 'Укажите дату и время' }]}
            >
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label="Поставщик" name="supplier">
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="Номер брони" name="bookingRef">
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="Комиссия, %" name="commissionPercent">
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              label="Цена"
              name="price"
              rules={[
                { required: true, pattern: /^\d[\d\s]*([.,]\d{1,2})?$/, message: 'Сумма, например 12500,00' },
              ]}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="Валюта" name="currency">
              <NativeSelect
                options={['RUB', 'EUR', 'USD', 'TRY', 'AED'].map((v) => ({ value: v, label: v }))}
              />
            </Form.Item>
          </Col>
          {currency !== order.currency && (
            <Col span={8}>
              <Form.Item
                label={`Курс к ${order.currency}`}
                name="rate"
                rules={[{ required: true, message: 'Укажите курс' }]}
              >
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
      {error && (
        <Alert
          type="error"
          role="alert"
          showIcon
          title={error}
          description={blocking?.length ? blocking.map((b) => b.message).join('; ') : undefined}
          action={
            blocking && canForce ? (
              <Button danger size="small" onClick={() => add.mutate(true)}>
                Сохранить несмотря на конфликт
              </Button>
            ) : undefined
          }
        />
      )}
    </Modal>
  );
}
