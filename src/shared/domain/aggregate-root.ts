import type { DomainEvent } from './domain-event';

/**
 * Base for aggregates: carries the optimistic-lock version and the events recorded by
 * its intention-revealing methods until the repository pulls them into the outbox.
 */
export abstract class AggregateRoot<Id extends string = string> {
  private recorded: DomainEvent<object>[] = [];

  protected constructor(
    readonly id: Id,
    private _version: number,
  ) {}

  /** The version loaded from storage (0 for a new aggregate). */
  get version(): number {
    return this._version;
  }

  /** The version the aggregate will have once saved: loaded version + 1 if anything changed. */
  get nextVersion(): number {
    return this._version + 1;
  }

  protected record(event: DomainEvent<object>): void {
    this.recorded.push(event);
  }

  get hasChanges(): boolean {
    return this.recorded.length > 0;
  }

  /** Hands the recorded events over (once) and moves the version forward. */
  pullEvents(): DomainEvent<object>[] {
    const events = this.recorded;
    this.recorded = [];
    if (events.length > 0) this._version += 1;
    return events;
  }
}
