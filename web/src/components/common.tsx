import { Alert, Empty, Result, Spin, Tag } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api';
import { fieldMessageRu } from '../errors-ru';

/** Loading, error (the problem's `detail`) and empty states of one query. */
export function QueryState({
  loading,
  error,
  empty,
  emptyText = 'Пока ничего нет',
  children,
}: {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: string;
  children: React.ReactNode;
}) {
  if (loading)
    return (
      <div style={{ padding: 32, textAlign: 'center' }}>
        <Spin aria-label="Загрузка" />
      </div>
    );
  if (error) return <ErrorAlert error={error} />;
  if (empty) return <Empty description={emptyText} />;
  return <>{children}</>;
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 403)
    return <Result status="403" title="Нет доступа" subTitle={text} />;
  return (
    <Alert type="error" showIcon role="alert" title="Ошибка" description={text} style={{ margin: '8px 0' }} />
  );
}

/** Puts the server's `errors[{field, message}]` next to the form's fields; returns what is left. */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  rename: (field: string) => string = (f) => f,
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = (error.problem.errors ?? [])
    .map((e) => ({ name: rename(e.field).split('.'), errors: [fieldMessageRu(e.message)] }))
    .filter((f) => known.has(f.name[0]!));
  if (fields.length) form.setFields(fields);
  return fields.length === (error.problem.errors ?? []).length && fields.length ? null : error.message;
}

export function SeverityTag({ severity }: { severity: string }) {
  return severity === 'error' ? <Tag color="red">Ошибка</Tag> : <Tag color="orange">Предупреждение</Tag>;
}

export function pageParams(page: number, pageSize: number) {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}
