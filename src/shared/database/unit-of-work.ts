import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

interface TransactionState {
  manager: EntityManager;
  afterCommit: Array<() => void>;
}

const storage = new AsyncLocalStorage<TransactionState>();

/** Up to this many rows, a statement built per row count is named (see `preparedForRows`). */
export const MAX_NAMED_ROWS = 4;

/**
 * One transaction per command, carried by async context. Repositories and query handlers
 * ask for `manager` and get the current transaction's EntityManager when inside `run()`,
 * the pool's otherwise. Nested `run()` calls join the outer transaction.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return storage.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (storage.getStore()) return work();
    const state: TransactionState = { manager: undefined as unknown as EntityManager, afterCommit: [] };
    const result = await this.dataSource.transaction(async (manager) => {
      state.manager = manager;
      return storage.run(state, work);
    });
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
   * always go with the same `text` (one text per name, never built from values).
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
   * for bulk writes, so a connection never holds more than a handful of such statements.
   */
  async preparedForRows<R = Record<string, unknown>>(
    prefix: string,
    rows: number,
    text: string,
    params: unknown[],
  ): Promise<SqlResult<R>> {
    return rows <= MAX_NAMED_ROWS
      ? this.prepared<R>(`${prefix}.${rows}`, text, params)
      : this.sql<R>(text, params);
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
   * In a transaction, the statement goes straight to the transaction's `pg` connection (TypeORM's
   * query runner added a wrapper, a logger call and a result object per statement and cannot send
   * a named statement); its errors are the driver's `DatabaseError`, which the problem mapping
   * reads as it reads TypeORM's `QueryFailedError`.
   */
  private async query<R>(config: { name?: string; text: string; values: unknown[] }): Promise<SqlResult<R>> {
    const state = storage.getStore();
    if (state) {
      const qr = state.manager.queryRunner as
        (QueryRunner & { databaseConnection?: { query: Pool['query'] } }) | undefined;
      if (!qr) throw new Error('transaction manager without a query runner');
      // the message isDatabaseUnavailable knows: TypeORM released the connection when its socket failed
      if (qr.isReleased || !qr.databaseConnection) throw new Error('Query runner already released');
      const r = await qr.databaseConnection.query(config);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    }
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const r = await pool.query(config);
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
