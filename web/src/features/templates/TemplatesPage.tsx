import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, ApiError, ok, saveBlob, saveUrl, type Schemas } from '../../api';
import { QueryState } from '../../components/common';
import { fieldMessageRu } from '../../errors-ru';
import { DOCUMENT_TYPES, formatDateTime } from '../../format';
import { itemsOf } from '../orders/DocumentsSection';

type Version = Schemas['TemplateVersionDto'];
type TemplateType = Version['type'];
const TYPES: TemplateType[] = ['contract', 'invoice', 'act', 'proposal', 'agent_report'];

/** Шаблоны (admin): versions, upload with the server's 422 reasons, activate / roll back, view. */
export default function TemplatesPage() {
  return (
    <section>
      <Typography.Title level={2}>Шаблоны документов</Typography.Title>
      <Tabs items={TYPES.map((t) => ({ key: t, label: DOCUMENT_TYPES[t], children: <TemplateVersions type={t} /> }))} />
    </section>
  );
}

function TemplateVersions({ type }: { type: TemplateType }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const key = ['templates', type];
  const q = useQuery({
    queryKey: key,
    queryFn: () => ok(api.GET('/api/v1/templates/{type}/versions', { params: { path: { type } } })),
  });
  const list = itemsOf(q.data as Version[] | { items: Version[] } | undefined).sort((a, b) => b.version - a.version);
  const activate = useMutation({
    mutationFn: (version: number) =>
      ok(api.POST('/api/v1/templates/{type}/versions/{version}/activate', { params: { path: { type, version } } })),
    onSuccess: (_d, v) => {
      void message.success(`Версия ${v} активна`);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const [form] = Form.useForm<{ content: string; comment: string }>();
  const [reasons, setReasons] = useState<string[] | null>(null);
  const upload = useMutation({
    mutationFn: (v: { content: string; comment: string }) => {
      let content: unknown;
      try {
        content = JSON.parse(v.content);
      } catch {
        throw new ApiError({ status: 422, detail: 'Шаблон — это JSON-описание документа pdfmake; JSON не разобрался' });
      }
      return ok(api.POST('/api/v1/templates/{type}/versions', { params: { path: { type } }, body: { content: content as never, comment: v.comment } }));
    },
    onSuccess: (v) => {
      setReasons(null);
      form.resetFields();
      void message.success(`Загружена версия ${v.version}`);
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) =>
      setReasons(e instanceof ApiError && e.problem.errors?.length ? e.problem.errors.map((x) => fieldMessageRu(x.message)) : [e.message]),
  });
  const [preview, setPreview] = useState<{ version: number; url: string } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState<number | null>(null);
  /** The version rendered on sample data (the sample agency, client and order) as a PDF. */
  async function showPreview(version: number) {
    setPreviewError(null);
    setPreviewing(version);
    try {
      const pdf = await ok(
        api.GET('/api/v1/templates/{type}/versions/{version}/preview', {
          params: { path: { type, version } },
          parseAs: 'blob',
        }),
      );
      const blob = pdf instanceof Blob ? pdf : new Blob([pdf as BlobPart]);
      setPreview({ version, url: URL.createObjectURL(new Blob([blob], { type: 'application/pdf' })) });
    } catch (e) {
      setPreviewError(e instanceof Error ? e.message : String(e));
    } finally {
      setPreviewing(null);
    }
  }
  function closePreview() {
    if (preview) URL.revokeObjectURL(preview.url);
    setPreview(null);
  }
  async function view(version: number) {
    const v = await ok(api.GET('/api/v1/templates/{type}/versions/{version}', { params: { path: { type, version } } }));
    saveBlob(new Blob([JSON.stringify(v, null, 2)], { type: 'application/json' }), `${type}-v${version}.json`);
  }
  return (
    <>
      <QueryState loading={q.isLoading} error={q.error} empty={!list.length} emptyText="Версий нет">
        <Table<Version>
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={list}
          columns={[
            { title: 'Версия', dataIndex: 'version' },
            { title: 'Комментарий', dataIndex: 'comment' },
            { title: 'Загружена', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: 'Состояние', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">Активна</Tag> : null) },
            {
              title: 'Действия',
              key: 'a',
              render: (_: unknown, v) => (
                <Space>
                  <Button size="small" loading={previewing === v.version} onClick={() => void showPreview(v.version)}>
                    Просмотр PDF
                  </Button>
                  <Button size="small" onClick={() => void view(v.version)}>
                    Скачать JSON
                  </Button>
                  {!v.active && (
                    <Popconfirm title={`Сделать версию ${v.version} активной?`} okText="Да" cancelText="Нет" onConfirm={() => activate.mutate(v.version)}>
                      <Button size="small">{list[0]?.version === v.version ? 'Активировать' : 'Откатить на эту версию'}</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
      {activate.error && <Alert type="error" role="alert" title={activate.error.message} />}
      {previewError && <Alert type="error" role="alert" title={previewError} />}
      <Modal
        open={!!preview}
        title={`${DOCUMENT_TYPES[type]}: версия ${preview?.version ?? ''} на образце данных`}
        width={960}
        onCancel={closePreview}
        footer={[
          <Button key="save" onClick={() => preview && saveUrl(preview.url, `${type}-v${preview.version}-preview.pdf`)}>
            Скачать PDF
          </Button>,
          <Button key="close" type="primary" onClick={closePreview}>
            Закрыть
          </Button>,
        ]}
        destroyOnHidden
      >
        {preview && (
          <iframe
            title={`Образец PDF: ${DOCUMENT_TYPES[type]}, версия ${preview.version}`}
            src={preview.url}
            style={{ width: '100%', height: '70vh', border: '1px solid #d9d9d9' }}
          />
        )}
      </Modal>
      <Card size="small" title="Загрузить новую версию" style={{ marginTop: 12 }}>
        <Form name={`template-${type}`} form={form} layout="vertical" onFinish={(v) => upload.mutate(v)}>
          <Form.Item label="Описание документа (JSON pdfmake с {{подстановками}})" name="content" rules={[{ required: true, message: 'Вставьте шаблон' }]}>
            <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item label="Комментарий к версии" name="comment" rules={[{ required: true, message: 'Что изменилось?' }]}>
            <Input />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={upload.isPending}>
            Загрузить
          </Button>
        </Form>
        {reasons && (
          <Alert
            type="error"
            role="alert"
            showIcon
            title="Шаблон не принят"
            description={
              <ul style={{ margin: 0 }}>
                {reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            }
            style={{ marginTop: 8 }}
          />
        )}
      </Card>
    </>
  );
}
