import { Client } from 'pg';

/** A reason the process cannot start, told in one line (main.ts prints the message, no stack). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable)';
  }
}

function reasonOf(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; errors?: unknown };
  // node reports a refused dual-stack connect as an AggregateError with an empty message
  const inner = Array.isArray(e?.errors) ? (e.errors as Array<{ message?: unknown }>)[0] : undefined;
  const message = (typeof e?.message === 'string' && e.message) || (inner && String(inner.message)) || '';
  const code = typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ` : '';
  return `${code}${message || String(err)}`.replace(/\s+/g, ' ').trim();
}

/**
 * Connects once to DATABASE_URL before the app is built, so a database that cannot be reached
 * stops the process with one line naming the variable and the reason (not a stack trace).
 */
export async function assertDatabaseReachable(url: string, timeoutMs = 10_000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new StartupError(
      `Database error: DATABASE_URL (${redactUrl(url)}) cannot be reached: ${reasonOf(err)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
