import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { pgCode, VERSION_MOVED } from '../database/pg-errors';
import { type Problem, problem } from './problem';

/**
 * The one place where PostgreSQL *data* errors become client errors, whether they come through
 * TypeORM (`QueryFailedError`) or straight from the `pg` driver (`UnitOfWork.sql/rows` outside a
 * transaction throws `DatabaseError`). Only SQLSTATEs caused by the values of a request are mapped;
 * connection and availability errors are left to the caller (they are not the client's fault).
 * Details never echo the value (it may be personal data): a field name at most.
 */
export function driverDataProblem(exception: unknown): Problem | undefined {
  if (!(exception instanceof QueryFailedError) && !(exception instanceof DatabaseError)) return undefined;
  const code = pgCode(exception);
  if (!code) return undefined;
  const field = fieldOf(exception);
  const errors = field ? { errors: [{ field, message: `${field} is not acceptable here` }] } : {};
  if (code === '23505' || code === '23P01')
    return problem(409, 'COMMON.CONFLICT', 'The record already exists');
  // a checked write that no repository translated (expect_updated): still the version conflict it is
  if (code === VERSION_MOVED) {
    return problem(
      409,
      'COMMON.VERSION_CONFLICT',
      'The record was changed by someone else; reload it and retry',
    );
  }
  if (code === '40001' || code === '40P01') {
    return problem(409, 'COMMON.CONFLICT', 'A concurrent change interfered; retry the request');
  }
  if (code === '23503') {
    // a parent still referenced is a conflict; a reference to nothing is a bad value
    return /still referenced/.test(driverMessage(exception, 'detail'))
      ? problem(409, 'COMMON.CONFLICT', 'Other records still refer to this one')
      : problem(422, 'COMMON.VALIDATION', 'A referenced record does not exist', errors);
  }
  if (code === '23502') {
    return problem(422, 'COMMON.VALIDATION', `${field ?? 'A required value'} must not be null`, errors);
  }
  if (code === '23514')
    return problem(422, 'COMMON.VALIDATION', 'A value breaks a rule of the record', errors);
  if (code === '22001') return problem(422, 'COMMON.VALIDATION', 'A value is too long', errors);
  // class 22 (data exception): malformed numbers, dates, uuids, out-of-range values, bad escapes
  if (code.startsWith('22')) {
    return problem(422, 'COMMON.VALIDATION', 'A value has the wrong format or is out of range', errors);
  }
  // 54000 program limit exceeded: e.g. a value too large for an index entry
  if (code === '54000') return problem(422, 'COMMON.VALIDATION', 'A value is too large to store', errors);
  return undefined;
}

function driverMessage(err: unknown, key: 'detail' | 'column'): string {
  const e = err as Record<string, unknown> & { driverError?: Record<string, unknown> };
  const v = e.driverError?.[key] ?? e[key];
  return typeof v === 'string' ? v : '';
}

/** The column PostgreSQL names (not-null violations), in the API's camelCase. */
function fieldOf(err: unknown): string | undefined {
  const column = driverMessage(err, 'column');
  return column ? column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : undefined;
}
