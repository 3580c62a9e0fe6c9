import type { UnitOfWork } from '../../src/shared/database/unit-of-work';
import type { DomainEvent } from '../../src/shared/domain/domain-event';
import type { OutboxWriter } from '../../src/shared/outbox/outbox.writer';
import { type Application, formatApplicationNumber } from '../../src/modules/applications/domain/application';
import type { ApplicationRepository } from '../../src/modules/applications/domain/application.repository.port';

/**
 * In-memory doubles for the applications handler specs (moved out of src/: test code only). The
 * SQL repository itself is covered by sql-application.repository.int-spec.ts on PostgreSQL.
 */
export class InMemoryApplications implements ApplicationRepository {
  readonly rows = new Map<string, Application>();
  readonly updates: string[] = [];
  private readonly counters = new Map<number, number>();

  async nextNumber(year: number): Promise<string> {
    const next = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, next);
    return formatApplicationNumber(year, next);
  }

  async findById(id: string): Promise<Application | null> {
    return this.rows.get(id) ?? null;
  }
  async findByIdForUpdate(id: string): Promise<Application | null> {
    return this.rows.get(id) ?? null;
  }
  async findByClientForUpdate(clientId: string): Promise<Application[]> {
    return [...this.rows.values()].filter((a) => a.clientId === clientId);
  }
  async insert(a: Application): Promise<void> {
    this.rows.set(a.id, a);
  }
  async update(a: Application): Promise<void> {
    this.updates.push(a.id);
    this.rows.set(a.id, a);
  }
}

export function fakeUow(): UnitOfWork {
  return { run: <T>(fn: () => Promise<T>) => fn(), inTransaction: true } as unknown as UnitOfWork;
}

export function fakeOutbox(): OutboxWriter & { events: DomainEvent<object>[] } {
  const events: DomainEvent<object>[] = [];
  return {
    events,
    append: async (e: readonly DomainEvent<object>[]) => {
      events.push(...e);
    },
  } as unknown as OutboxWriter & { events: DomainEvent<object>[] };
}
