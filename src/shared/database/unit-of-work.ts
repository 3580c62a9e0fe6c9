import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { type Pool, type PoolClient, Query, type QueryResult } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { DescribedOnceQuery } from './described-once-query';
import { IN_FAILED_TRANSACTION, pgCode } from './pg-errors';
import { SharedReadLanes } from './shared-read-lanes';
import { corkUntil } from './socket-cork';

/** A statement sent without waiting for it (BEGIN, a {@link UnitOfWork.write}), as it settled. */
type Sent = { ok: true } | { ok: false; error: unknown };

type Statement = string | { name?: string; text: string; values: unknown[] };

interface TransactionState {
  manager: EntityManager;
  afterCommit: Array<() => void>;
  /** Puts a statement on the transaction's connection (see {@link sender}). */
  send: (statement: Statement) => Promise<QueryResult>;
  /** Statements sent and not waited for, in the order sent: the commit waits for all of them. */
  sent: Array<Promise<Sent>>;
}

/** TypeORM's query runner with the members the unit of work drives itself. */
type RunnerInternals = QueryRunner & { databaseConnection?: PoolClient };
/** The transaction flags TypeORM keeps on a runner (read-only in its types, set by startTransaction). */
type RunnerFlags = { isTransactionActive: boolean; transactionDepth: number };

const storage = new AsyncLocalStorage<TransactionState>();

function settle(p: Promise<unknown>): Promise<Sent> {
  return p.then(
    () => ({ ok: true }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );
}

/**
 * How a transaction's statements reach its connection: at once on a pipelined pool; on another one
 * each after the previous one's answer, as pg would queue them (it deprecates queuing: pg 9 drops it).
 *
 * Pipelined, the connection's socket is corked from a tick's first statement until the tick ends
 * (`process.nextTick`, after the promise callbacks that run in it): the statements sent together —
 * BEGIN with the first reads, the writes with the COMMIT — leave in one write (corkUntil).
 */
function sender(connection: PoolClient, pipelined: boolean): TransactionState['send'] {
  if (pipelined) {
    const cork = corkUntil(connection, process.nextTick);
    return (statement) => {
      cork();
      return submit(connection, statement);
    };
  }
  let tail: Promise<unknown> = Promise.resolve();
  return (statement) => {
    const result = tail.then(() => submit(connection, statement));
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * A statement as pg's own `Query`, made from its text. Given a config object, pg copies it property
 * by property first (`cloneQueryConfig`, ~6 µs a statement on this box, against 0.2 µs this way) and
 * reads the copy, a dictionary-mode object, from then on.
 */
function toQuery(
  statement: Exclude<Statement, string>,
  callback?: (err: Error | undefined, r: QueryResult) => void,
): Query {
  // a named statement is described once per connection (DescribedOnceQuery)
  const query = statement.name
    ? new DescribedOnceQuery(statement.text, statement.values, callback as never)
    : new Query(statement.text, statement.values, callback as never);
  if (statement.name) (query as Query & { name?: string }).name = statement.name;
  return query;
}

/** Sends `statement` on `connection`; resolves with its result. */
function submit(connection: PoolClient, statement: Statement): Promise<QueryResult> {
  if (typeof statement === 'string') return connection.query(statement);
  return new Promise((resolve, reject) => {
    connection.query(toQuery(statement, (err, r) => (err ? reject(err) : resolve(r))));
  });
}

/**
 * The first statement sent without waiting that failed for a reason of its own (not because an
 * earlier one had already failed the transaction), once all of them have settled.
 */
async function firstFailure(sent: Array<Promise<Sent>>): Promise<unknown> {
  for (const s of await Promise.all(sent)) {
    if (!s.ok && pgCode(s.error) !== IN_FAILED_TRANSACTION) return s.error;
  }
  return undefined;
}

/** Up to this many rows, a statement built per row count is named (see `preparedForRows`). */
export const MAX_NAMED_ROWS = 4;

/** A statement's text for a row count (see `preparedForRows`): depends on `rows` and nothing else. */
export type TextForRows = (rows: number) => string;

/** The name and text of each per-row-count statement, built once per prefix and count. */
const namedForRows = new Map<string, Array<{ name: string; text: string }>>();

/**
 * A statement whose text depends only on its row count: named per count up to MAX_NAMED_ROWS,
 * its name and text built once and then the same strings on every call. A text built anew is a new
 * string each time, which V8 joins and pg compares with the text it prepared, on every execution
 * (a long statement's 4 KB, kept alive as long as the query waits for a connection).
 */
function forRows(
  prefix: string,
  rows: number,
  text: TextForRows,
  values: unknown[],
): Exclude<Statement, string> {
  if (rows > MAX_NAMED_ROWS) return { text: text(rows), values };
  let byCount = namedForRows.get(prefix);
  if (!byCount) namedForRows.set(prefix, (byCount = []));
  const known = (byCount[rows] ??= { name: `${prefix}.${rows}`, text: text(rows) });
  return { name: known.name, text: known.text, values };
}

/**
 * One transaction per command, carried by async context. Repositories and query handlers
 * ask for `manager` and get the current transaction's EntityManager when inside `run()`,
 * the pool's otherwise. Nested `run()` calls join the outer transaction.
 */
@Injectable()
export class UnitOfWork {
  private pipelined: boolean | undefined;
  private lanes: SharedReadLanes | null | undefined;

  constructor(private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** The pool's pipeline mode (data-source.factory's `pipeline`), read once. */
  private get isPipelined(): boolean {
    this.pipelined ??= Boolean((this.pool as Pool & { options?: { pipeline?: boolean } }).options?.pipeline);
    return this.pipelined;
  }

  /** The pool's shared read lanes (data-source.factory's `sharedReadLanes`), made on first use. */
  private get sharedLanes(): SharedReadLanes | null {
    if (this.lanes === undefined) {
      const count =
        (this.pool as Pool & { options?: { sharedReadLanes?: number } }).options?.sharedReadLanes ?? 0;
      this.lanes = count > 0 && this.isPipelined ? new SharedReadLanes(this.pool, count) : null;
    }
    return this.lanes;
  }

  /** Gives the shared read lanes' connections back to the pool (before the pool ends). */
  async close(): Promise<void> {
    await this.lanes?.close();
  }

  get manager(): EntityManager {
    return storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return storage.getStore() !== undefined;
  }

  /**
   * Runs `work` in one transaction (joining the current one when nested). BEGIN is not a round trip
   * of its own: it goes out with the transaction's first statement, and the writes sent with
   * {@link write} go out with the COMMIT (pg's pipeline mode, `DB_PIPELINE`; without it the same
   * statements queue on the connection and run one after the other). Whatever failed first is what
   * the caller gets: a statement refused because an earlier write had failed the transaction is
   * reported as that write's error.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (storage.getStore()) return work();
    const runner = this.dataSource.createQueryRunner('master') as RunnerInternals;
    const connection = (await runner.connect()) as PoolClient;
    const send = sender(connection, this.isPipelined);
    const state: TransactionState = { manager: runner.manager, afterCommit: [], sent: [], send };
    // TypeORM's own calls on this runner (repositories on `manager`) see the transaction as open
    const flags = runner as unknown as RunnerFlags;
    flags.isTransactionActive = true;
    flags.transactionDepth = 1;
    state.sent.push(settle(send('BEGIN')));
    let result: T;
    try {
      try {
        result = await storage.run(state, work);
      } catch (err) {
        const cause = pgCode(err) === IN_FAILED_TRANSACTION ? await firstFailure(state.sent) : undefined;
        throw cause ?? err;
      }
      const commit = send('COMMIT');
      const committed = settle(commit);
      const failed = await firstFailure(state.sent);
      const outcome = await committed;
      if (failed !== undefined) throw failed; // the COMMIT of a failed transaction rolls it back
      if (!outcome.ok) throw outcome.error;
      // PostgreSQL answers the COMMIT of a transaction an error had failed with ROLLBACK, not an error
      const { command } = await commit;
      if (command !== 'COMMIT')
        throw new Error(`the transaction was rolled back (${command}), not committed`);
    } catch (err) {
      // after a failed COMMIT, or a COMMIT answered by a rollback, this is a no-op (a warning)
      await send('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      flags.isTransactionActive = false;
      flags.transactionDepth = 0;
      await runner.release();
    }
    for (const cb of state.afterCommit) {
      try {
        cb();
      } catch {
        // after-commit hooks are best effort (the outbox poller covers what they miss)
      }
    }
    return result;
  }

  /** Runs `cb` once the current transaction commits (at once when there is none). */
  afterCommit(cb: () => void): void {
    const state = storage.getStore();
    if (state) state.afterCommit.push(cb);
    else cb();
  }

  /**
   * Raw SQL on the current transaction, or straight on the pool outside one.
   * Returns rows and the affected-row count for every statement kind.
   */
  async sql<R = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<SqlResult<R>> {
    return this.query<R>({ text, values: params });
  }

  /**
   * A hot statement as a named prepared statement: parsed and planned once per pooled connection
   * instead of on every call, on the current transaction's connection or on the pool. `name` must
   * always go with the same `text` (one text per name, never built from values), and `text` should
   * be the same string each time: a module constant, not a template built inside the method (V8
   * would join it and pg compare it with the prepared text on every call; see `forRows`).
   */
  async prepared<R = Record<string, unknown>>(
    name: string,
    text: string,
    params: unknown[],
  ): Promise<SqlResult<R>> {
    return this.query<R>({ name, text, values: params });
  }

  /**
   * A multi-row statement whose text depends only on its row count (`VALUES ($1…), ($n…)`): named
   * per count for the few rows a command writes (`prefix.1` … `prefix.${MAX_NAMED_ROWS}`), unnamed
   * for bulk writes, so a connection never holds more than a handful of such statements. `text`
   * builds the text for a count; a named one is built once per prefix and count (one builder per
   * prefix).
   */
  async preparedForRows<R = Record<string, unknown>>(
    prefix: string,
    rows: number,
    text: TextForRows,
    params: unknown[],
  ): Promise<SqlResult<R>> {
    return this.query<R>(forRows(prefix, rows, text, params));
  }

  /**
   * A write whose result the caller does not need (an insert, an upsert), as a named prepared
   * statement. In a transaction it is sent at once and not waited for: the statements after it and
   * the COMMIT follow it on the wire, and its failure fails the transaction with its own error.
   * Outside a transaction it is simply run.
   */
  async write(name: string, text: string, params: unknown[]): Promise<void> {
    await this.sendWrite({ name, text, values: params });
  }

  /**
   * A {@link write} that checks something in the database and fails the transaction when it does not
   * hold (a row count, a version: the statement raises), without a round trip of its own: the check
   * goes out with the COMMIT instead of the COMMIT waiting for its answer. `failure` turns the
   * statement's error into the caller's (a ConcurrencyError for a version check); what it returns is
   * what the transaction, or outside one the call, fails with.
   */
  async check(
    name: string,
    text: string,
    params: unknown[],
    failure: (err: unknown) => unknown,
  ): Promise<void> {
    await this.sendWrite({ name, text, values: params }, failure);
  }

  /** {@link write} for a statement built per row count (see {@link preparedForRows}). */
  async writeForRows(prefix: string, rows: number, text: TextForRows, params: unknown[]): Promise<void> {
    await this.sendWrite(forRows(prefix, rows, text, params));
  }

  private async sendWrite(
    config: Exclude<Statement, string>,
    failure?: (err: unknown) => unknown,
  ): Promise<void> {
    const state = storage.getStore();
    const sent = failure
      ? this.query(config).catch((err: unknown) => Promise.reject(failure(err)))
      : this.query(config);
    if (state) state.sent.push(settle(sent));
    else await sent;
  }

  /** Rows of a hot statement (see {@link prepared}). */
  async preparedRows<R = Record<string, unknown>>(
    name: string,
    text: string,
    params: unknown[],
  ): Promise<R[]> {
    return (await this.prepared<R>(name, text, params)).rows;
  }

  /**
   * Rows of a short read (a single statement that takes well under a millisecond, such as one row
   * by its key) as a named statement on a shared read lane (SharedReadLanes): the reads of requests
   * that arrive together go out in one write. In a transaction, or without lanes, as
   * {@link preparedRows}.
   */
  async sharedRows<R = Record<string, unknown>>(name: string, text: string, params: unknown[]): Promise<R[]> {
    return storage.getStore()
      ? this.preparedRows<R>(name, text, params)
      : this.committedRows<R>(name, text, params);
  }

  /**
   * Rows of a short read of data the current transaction has not written, on a shared read lane
   * even inside a transaction: under READ COMMITTED each statement takes a fresh snapshot, so on a
   * lane it sees what it would have seen on the transaction's connection, and it leaves in one
   * write with the reads of other requests (the transaction's connection waits meanwhile, as it
   * would have for its own answer). Never for rows the transaction may have written or locked:
   * those are not visible, or not protected, there. Without lanes, as {@link preparedRows}.
   */
  async committedRows<R = Record<string, unknown>>(
    name: string,
    text: string,
    params: unknown[],
  ): Promise<R[]> {
    const lanes = this.sharedLanes;
    if (!lanes) return this.preparedRows<R>(name, text, params);
    const r = await lanes.run((callback) => toQuery({ name, text, values: params }, callback));
    return r.rows as R[];
  }

  /**
   * In a transaction, the statement goes straight to the transaction's `pg` connection (TypeORM's
   * query runner added a wrapper, a logger call and a result object per statement and cannot send
   * a named statement); its errors are the driver's `DatabaseError`, which the problem mapping
   * reads as it reads TypeORM's `QueryFailedError`.
   */
  private async query<R>(config: Exclude<Statement, string>): Promise<SqlResult<R>> {
    const state = storage.getStore();
    if (state) {
      const qr = state.manager.queryRunner as RunnerInternals | undefined;
      if (!qr) throw new Error('transaction manager without a query runner');
      // the message isDatabaseUnavailable knows: TypeORM released the connection when its socket failed
      if (qr.isReleased || !qr.databaseConnection) throw new Error('Query runner already released');
      const r = await state.send(config);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    }
    // a Query on the pool: the pool gives it its callback and answers with a promise (pg-pool's query)
    const r = await (this.pool.query(toQuery(config)) as unknown as Promise<QueryResult>);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  }

  /** Rows of a query (see {@link sql}). */
  async rows<R = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> {
    return (await this.sql<R>(text, params)).rows;
  }
}

export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}
