/** PostgreSQL SQLSTATE of a failed query, if it is one. */
export function pgCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export function pgConstraint(err: unknown): string | undefined {
  const e = err as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const c = e?.driverError?.constraint ?? e?.constraint;
  return typeof c === 'string' ? c : undefined;
}

/**
 * A statement refused for what it carried: a data exception (class 22: a malformed date, number,
 * uuid) or a broken constraint (class 23). Such an error belongs to one caller's values, unlike a
 * lost connection or a server going down.
 */
export function isDataOrConstraintError(err: unknown): boolean {
  const code = pgCode(err);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

export const UNIQUE_VIOLATION = '23505';
export const SERIALIZATION_FAILURE = '40001';
export const DEADLOCK_DETECTED = '40P01';
/**
 * A checked write found its row at another version (`expect_updated`, migration 1764230000001);
 * DETAIL holds the row's current version, or 'none'.
 */
export const VERSION_MOVED = 'CR409';

/** The current version a VERSION_MOVED error names (null when the row is gone or it is not one). */
export function movedTo(err: unknown): number | null {
  const e = err as { detail?: unknown; driverError?: { detail?: unknown } };
  const detail = e?.driverError?.detail ?? e?.detail;
  return typeof detail === 'string' && /^\d+$/.test(detail) ? Number(detail) : null;
}

/** A statement sent after an earlier one had failed the transaction (refused, not wrong itself). */
export const IN_FAILED_TRANSACTION = '25P02';

/** SQLSTATEs that mean "the server is not there right now", not "this request is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// "Query runner already released": TypeORM releases a transaction's connection as soon as its
// socket errors (PostgreSQL restarting), so the transaction's next statement fails with this
// instead of a driver error; the code never releases a query runner mid-transaction itself.
const UNAVAILABLE_MESSAGE =
  /Query runner already released|Connection terminated|timeout exceeded when trying to connect|Connection is not established|not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether a failure means the database cannot be reached (outage, restart, pool exhausted)
 * rather than that the request was wrong: connection exceptions (class 08), admin/crash
 * shutdown (57P01/57P02), cannot connect now (57P03), too many connections, socket errors,
 * pool connect timeouts, connections terminated mid-query and a transaction whose connection
 * TypeORM released when its socket failed between two statements. Such requests get 503.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift() as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
    } | null;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const code = typeof e.code === 'string' ? e.code : '';
    if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    queue.push(e.driverError, e.cause);
    if (Array.isArray(e.errors)) queue.push(...(e.errors as unknown[]));
  }
  return false;
}
