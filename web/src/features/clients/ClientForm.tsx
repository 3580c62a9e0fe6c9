import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Form, Input, Modal, Row } from 'antd';
import { api, ok, type Schemas } from '../../api';
import { applyFieldErrors } from '../../components/common';
import { NativeSelect } from '../../components/NativeSelect';

type Client = Schemas['ClientDto'];

interface Values {
  fullName: string;
  latinName?: string;
  phones?: string;
  emails?: string;
  birthDate?: string;
  telegram?: string;
  notes?: string;
  passportKind?: 'internal' | 'foreign';
  passportSeries?: string;
  passportNumber?: string;
  passportIssuedAt?: string;
}

// the server names passport fields `passports.0.number`; the form has one passport row
const PASSPORT_FIELDS: Record<string, string> = {
  'passports.0.kind': 'passportKind',
  'passports.0.series': 'passportSeries',
  'passports.0.number': 'passportNumber',
  'passports.0.issuedAt': 'passportIssuedAt',
};

const list = (s?: string) =>
  (s ?? '')
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Create or edit a client; the server validates (phones, e-mails, duplicates) and its errors sit by the fields. */
export function ClientFormModal({ client, onClose }: { client?: Client; onClose: (id?: string) => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        fullName: v.fullName,
        latinName: v.latinName || undefined,
        phones: list(v.phones),
        emails: list(v.emails),
        birthDate: v.birthDate || undefined,
        telegram: v.telegram || undefined,
        notes: v.notes || undefined,
        ...(v.passportNumber
          ? {
              passports: [
                {
                  kind: v.passportKind ?? 'internal',
                  series: v.passportSeries ?? '',
                  number: v.passportNumber,
                  issuedAt: v.passportIssuedAt || undefined,
                },
              ],
            }
          : {}),
      };
      return client
        ? ok(
            api.PATCH('/api/v1/clients/{id}', {
              params: { path: { id: client.id } },
              body: { ...body, version: client.version },
            }),
          )
        : ok(api.POST('/api/v1/clients', { body }));
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['clients'] });
      void qc.invalidateQueries({ queryKey: ['client', c.id] });
      onClose(c.id);
    },
    onError: (e) => setError(applyFieldErrors(form, e, (f) => PASSPORT_FIELDS[f] ?? f)),
  });
  return (
    <Modal
      open
      title={client ? 'Редактирование клиента' : 'Новый клиент'}
      okText="Сохранить"
      cancelText="Отмена"
      onCancel={() => onClose()}
      confirmLoading={save.isPending}
      onOk={() =>
        form.validateFields().then(
          (v) => save.mutate(v),
          () => undefined,
        )
      }
      width={640}
    >
      <Form<Values>
        name="client"
        form={form}
        layout="vertical"
        initialValues={
          client
            ? {
                fullName: client.fullName,
                latinName: client.latinName ?? '',
                phones: client.phones.join(', '),
                emails: client.emails.join(', '),
                birthDate: client.birthDate ?? '',
                telegram: client.telegram ?? '',
                notes: client.notes ?? '',
              }
            : { passportKind: 'internal' }
        }
      >
        <Form.Item label="ФИО" name="fullName" rules={[{ required: true, message: 'Укажите ФИО' }]}>
          <Input />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="Имя латиницей (как в загранпаспорте)" name="latinName">
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="Дата рождения" name="birthDate">
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="Телефоны (через запятую)" name="phones">
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="E-mail (через запятую)" name="emails">
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="Telegram" name="telegram">
              <Input />
            </Form.Item>
          </Col>
        </Row>
        {!client && (
          <Row gutter={12}>
            <Col span={6}>
              <Form.Item label="Паспорт" name="passportKind">
                <NativeSelect
                  options={[
                    { value: 'internal', label: 'Внутренний' },
                    { value: 'foreign', label: 'Заграничный' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="Серия" name="passportSeries">
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="Номер" name="passportNumber">
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item label="Дата выдачи" name="passportIssuedAt">
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item label="Заметки" name="notes">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" role="alert" showIcon title={error} />}
    </Modal>
  );
}
