import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { api, ok, saveUrl, type Schemas } from '../../api';
import { useCan } from '../../auth';
import { NativeSelect } from '../../components/NativeSelect';
import { QueryState } from '../../components/common';
import { DOCUMENT_TYPES, formatDateTime } from '../../format';

type Order = Schemas['OrderDto'];
type Doc = Schemas['DocumentDto'];
type Version = Schemas['DocumentVersionDto'];

/** Lists come as `{items}` or (older endpoints) bare arrays. */
export function itemsOf<T>(x: T[] | { items: T[] } | undefined): T[] {
  return !x ? [] : Array.isArray(x) ? x : x.items;
}

async function download(doc: Doc, version?: number) {
  const link = await ok(
    api.GET('/api/v1/documents/{id}/download', { params: { path: { id: doc.id }, query: { version } } }),
  );
  saveUrl(link.url, `${DOCUMENT_TYPES[doc.type]} ${doc.number}${version ? ` v${version}` : ''}.pdf`);
}

/** What can be generated for an order (a destruction act belongs to no order). */
type OrderDocumentType = 'contract' | 'invoice' | 'act' | 'proposal';

/** Documents of the order: generate, versions, download, finalize. */
export function DocumentsSection({ order }: { order: Order }) {
  const canWrite = useCan('documents.write');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [type, setType] = useState<OrderDocumentType>('invoice');
  const key = ['order', order.id, 'documents'];
  const docs = useQuery({
    queryKey: key,
    queryFn: () => ok(api.GET('/api/v1/orders/{id}/documents', { params: { path: { id: order.id } } })),
  });
  const generate = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/v1/orders/{id}/documents', { params: { path: { id: order.id } }, body: { type } })),
    onSuccess: (d) => {
      void message.success(`${DOCUMENT_TYPES[d.type]} ${d.number} сформирован`);
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const finalize = useMutation({
    mutationFn: (d: Doc) =>
      ok(
        api.POST('/api/v1/documents/{id}/finalize', {
          params: { path: { id: d.id } },
          body: { version: d.version } as never,
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const [failed, setFailed] = useState<string | null>(null);
  const list = itemsOf(docs.data as Doc[] | { items: Doc[] } | undefined);
  return (
    <Card
      size="small"
      title="Документы"
      style={{ marginBottom: 12 }}
      extra={
        canWrite && (
          <Space>
            <NativeSelect
              aria-label="Тип документа"
              value={type}
              onChange={(v) => setType(v as OrderDocumentType)}
              options={['contract', 'invoice', 'act', 'proposal'].map((v) => ({
                value: v,
                label: DOCUMENT_TYPES[v]!,
              }))}
              style={{ width: 220 }}
            />
            <Button type="primary" loading={generate.isPending} onClick={() => generate.mutate()}>
              Сформировать
            </Button>
          </Space>
        )
      }
    >
      {[generate.error, finalize.error, failed].filter(Boolean).map((e, i) => (
        <Alert key={i} type="error" role="alert" title={e instanceof Error ? e.message : String(e)} />
      ))}
      <QueryState
        loading={docs.isLoading}
        error={docs.error}
        empty={!list.length}
        emptyText="Документов пока нет"
      >
        <Table<Doc>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={list}
          expandable={{ expandedRowRender: (d) => <Versions doc={d} onError={setFailed} /> }}
          columns={[
            {
              title: 'Документ',
              dataIndex: 'type',
              render: (t: string, d) => `${DOCUMENT_TYPES[t]} № ${d.number}`,
            },
            { title: 'Версия', dataIndex: 'currentVersion' },
            { title: 'Выпущен', dataIndex: 'issuedAt', render: (v: string) => formatDateTime(v) },
            {
              title: 'Статус',
              dataIndex: 'final',
              render: (f: boolean) => (f ? <Tag color="green">Окончательный</Tag> : <Tag>Черновик</Tag>),
            },
            {
              title: 'Действия',
              key: 'a',
              render: (_: unknown, d) => (
                <Space>
                  <Button size="small" onClick={() => download(d).catch((e: Error) => setFailed(e.message))}>
                    Скачать
                  </Button>
                  {canWrite && !d.final && (
                    <Popconfirm
                      title="Сделать документ окончательным? Изменить его будет нельзя."
                      okText="Да"
                      cancelText="Нет"
                      onConfirm={() => finalize.mutate(d)}
                    >
                      <Button size="small">Финализировать</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
    </Card>
  );
}

function Versions({ doc, onError }: { doc: Doc; onError: (m: string) => void }) {
  const q = useQuery({
    queryKey: ['document', doc.id, 'versions'],
    queryFn: () => ok(api.GET('/api/v1/documents/{id}/versions', { params: { path: { id: doc.id } } })),
  });
  const list = itemsOf(q.data as Version[] | { items: Version[] } | undefined);
  return (
    <QueryState loading={q.isLoading} error={q.error} empty={!list.length}>
      <ul style={{ margin: 0 }}>
        {list.map((v) => (
          <li key={v.version}>
            Версия {v.version} от {formatDateTime(v.generatedAt)} ({v.reason}){' '}
            <Button
              size="small"
              type="link"
              onClick={() => download(doc, v.version).catch((e: Error) => onError(e.message))}
            >
              Скачать версию {v.version}
            </Button>
          </li>
        ))}
      </ul>
    </QueryState>
  );
}
