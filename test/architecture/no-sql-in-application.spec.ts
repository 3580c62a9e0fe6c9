import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * SQL lives in `infrastructure/` behind ports (DESIGN.md, "one persistence style"). The write side
 * of the application layer — commands, event subscribers, services, the inbound port, ports — holds
 * none. Query handlers under `application/**\/queries/` are the CQRS read side and may read with SQL.
 */
const root = join(__dirname, '..', '..');
const modules = join(root, 'src', 'modules');

/** What counts as SQL (upper-case keywords, as the code base writes them) or a raw statement call. */
const SQL: Array<[string, RegExp]> = [
  ['uow.sql / uow.rows / uow.one', /\buow\.(sql|rows|one)\b/],
  ['SELECT', /\bSELECT\s/],
  ['INSERT INTO', /\bINSERT\s+INTO\b/],
  ['UPDATE … SET', /\bUPDATE\s+[\w."]+\s+SET\b/],
  ['DELETE FROM', /\bDELETE\s+FROM\b/],
];

/**
 * Files being moved out in a branch (empty: the audit subscriber's SQL moved to its store). An
 * entry here must still hold SQL — the spec fails once it is clean, so the list cannot go stale.
 */
const PENDING = new Set<string>();

export function sqlIn(text: string): string[] {
  return SQL.filter(([, re]) => re.test(text)).map(([name]) => name);
}

function applicationFiles(dir: string, inApplication = false): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (inApplication && e.name === 'queries') continue;
      out.push(...applicationFiles(path, inApplication || e.name === 'application'));
    } else if (inApplication && e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) {
      out.push(relative(root, path).split('\\').join('/'));
    }
  }
  return out;
}

describe('no SQL in the application layer outside query handlers', () => {
  const files = applicationFiles(modules);

  it('scans the commands, subscribers, services, inbound port and ports of every module', () => {
    for (const dir of ['commands', 'events', 'services', 'inbound', 'ports']) {
      expect(files.some((f) => f.includes(`/application/${dir}/`))).toBe(true);
    }
    expect(files.some((f) => f.includes('/queries/'))).toBe(false);
  });

  it('finds none (SQL goes behind a port in infrastructure/ with an int-spec beside it)', () => {
    const offenders = files
      .filter((f) => !PENDING.has(f))
      .map((f) => ({ f, sql: sqlIn(readFileSync(join(root, f), 'utf8')) }))
      .filter((x) => x.sql.length > 0)
      .map((x) => `${x.f}: ${x.sql.join(', ')}`);
    expect(offenders).toEqual([]);
  });

  it('keeps the pending list honest: each entry still exists and still holds SQL', () => {
    for (const f of PENDING) {
      expect(files).toContain(f);
      expect(sqlIn(readFileSync(join(root, f), 'utf8'))).not.toEqual([]);
    }
  });

  it('catches each kind of deliberate violation and passes plain code and prose', () => {
    expect(sqlIn('await this.uow.sql(`SELECT 1`)')).toEqual(['uow.sql / uow.rows / uow.one', 'SELECT']);
    expect(sqlIn('const [r] = await this.uow.rows<{ n: number }>(q);')).toEqual([
      'uow.sql / uow.rows / uow.one',
    ]);
    expect(sqlIn('`INSERT INTO rates (currency) VALUES ($1)`')).toEqual(['INSERT INTO']);
    expect(sqlIn('`UPDATE telegram_chats\n    SET stopped_at = $1`')).toEqual(['UPDATE … SET']);
    expect(sqlIn('`DELETE FROM client_files WHERE id = $1`')).toEqual(['DELETE FROM']);
    expect(sqlIn('// select the rows to update, then set the flag; delete from the queue')).toEqual([]);
    expect(sqlIn('await this.rates.saveManual(cur, date, value, actor.userId);')).toEqual([]);
  });
});
