import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

interface TransactionState {
  manager: EntityManager;
  afterCommit: Array<() => void>;
}

const storage = new AsyncLocalStorage<TransactionState>();

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
    const state = storage.getStore();
    if (state) {
      const qr = state.manager.queryRunner;
      if (!qr) throw new Error('transaction manager without a query runner');
      const r = await qr.query(text, params, true);
      const rows = (r.records ?? []) as R[];
      return { rows, rowCount: r.affected ?? rows.length };
    }
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const r = await pool.query(text, params);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  }

  /**
   * Rows of a hot read as a named prepared statement: parsed and planned once per pooled connection
   * instead of on every call. `name` must always go with the same `text`. Inside a transaction it
   * runs as a plain statement on the transaction's connection.
   */
  async preparedRows<R = Record<string, unknown>>(
    name: string,
    text: string,
    params: unknown[],
  ): Promise<R[]> {
    if (storage.getStore()) return this.rows<R>(text, params);
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const r = await pool.query({ name, text, values: params });
    return r.rows as R[];
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
