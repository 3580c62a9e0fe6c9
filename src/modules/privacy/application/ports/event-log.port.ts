export const EVENT_LOG = Symbol('EVENT_LOG');

export interface LoggedEvent {
  id: string;
  name: string;
  aggregateType: string;
  aggregateId: string | null;
  occurredAt: string;
}

/**
 * The events one operation recorded (by correlation id), in order. They become the audit log's
 * entries one for one (same event id): the extract printed with an act of destruction.
 */
export interface EventLog {
  eventsOf(correlationId: string): Promise<LoggedEvent[]>;
}
