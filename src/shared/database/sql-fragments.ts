/**
 * A `timestamptz` column as ISO 8601 in UTC with milliseconds (`2026-11-22T07:00:00.000Z`),
 * formatted by PostgreSQL, so query handlers can return it straight into a response DTO.
 */
export const isoUtc = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
