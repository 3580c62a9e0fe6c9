/**
 * CSV for Excel in Russian locale: UTF-8 with a BOM, `;` between cells, CRLF between lines,
 * decimal commas, dates as ДД.ММ.ГГГГ (Moscow), and text cells that would start a formula
 * (`= + - @`, tab, CR) prefixed with an apostrophe so Excel shows them as text.
 */
export type CsvKind = 'text' | 'money' | 'int' | 'date' | 'datetime';

export interface CsvColumn<R> {
  header: string;
  kind: CsvKind;
  value: (row: R) => string | number | null | undefined;
}

const MOSCOW_OFFSET_MS = 3 * 3600_000;

/** ДД.ММ.ГГГГ of an ISO date or instant, in Moscow time for instants. */
export function ruDate(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value
    : new Date(new Date(value).getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** ДД.ММ.ГГГГ ЧЧ:ММ in Moscow time. */
export function ruDateTime(value: string): string {
  const t = new Date(new Date(value).getTime() + MOSCOW_OFFSET_MS).toISOString();
  return `${ruDate(t.slice(0, 10))} ${t.slice(11, 16)}`;
}

/** A text cell that Excel would not run as a formula. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(cell: string): string {
  return /[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvCell(kind: CsvKind, raw: string | number | null | undefined): string {
  if (raw === null || raw === undefined || raw === '') return '';
  const v = String(raw);
  switch (kind) {
    case 'money':
      return v.replace('.', ',');
    case 'int':
      return v;
    case 'date':
      return ruDate(v);
    case 'datetime':
      return ruDateTime(v);
    default:
      return quote(neutralise(v));
  }
}

/** The whole file as a Buffer (UTF-8 with BOM). */
export function toCsv<R>(columns: CsvColumn<R>[], rows: R[], extra: R[] = []): Buffer {
  const lines = [columns.map((c) => quote(neutralise(c.header))).join(';')];
  for (const r of [...rows, ...extra]) lines.push(columns.map((c) => csvCell(c.kind, c.value(r))).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
