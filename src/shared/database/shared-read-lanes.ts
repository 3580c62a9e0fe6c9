import { DatabaseError, type Pool, type PoolClient, type Query, type QueryResult } from 'pg';
import { corkUntil } from './socket-cork';

/** A query built for a callback (the unit of work's `toQuery`). */
export type QueryFor = (callback: (err: Error | undefined, r: QueryResult) => void) => Query;

interface Lane {
  client: PoolClient | null;
  /** Gives `client` back to the pool (destroyed after a failure); once per connection. */
  release: (err?: Error | true) => void;
  connecting: Promise<PoolClient> | null;
  /** Statements sent on this lane and not answered yet. */
  inFlight: number;
  /** Corks `client`'s socket until the current turn of the event loop ends (once per turn). */
  cork: () => void;
}

/**
 * An error after which the connection is not to be used again: PostgreSQL's FATAL or PANIC (the
 * backend ends the session: terminated, shut down), or none of PostgreSQL's at all (the socket
 * failed; a value the driver could not send, where a new connection costs nothing).
 */
function endsConnection(err: unknown): boolean {
  if (!(err instanceof DatabaseError)) return true;
  return err.severity === 'FATAL' || err.severity === 'PANIC';
}

/**
 * How many shared read lanes a process holds: with pipelining, a fifth of its pool, at most two
 * (none under five), opened on top of the pool (`sharedReadLanes` of data-source.factory).
 */
export function sharedLaneCount(poolMax: number, pipelined: boolean): number {
  return pipelined ? Math.min(2, Math.floor(poolMax / 5)) : 0;
}

/** How long closing waits for answers still owed before giving the connections back. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Short single-statement reads on a few pool connections held for them and shared by every
 * request, pipelined (pg's pipeline mode): each read goes out at once on the least busy lane, and a
 * lane's socket stays corked until the current turn of the event loop ends (`setImmediate`), so
 * the reads of the requests that arrived together leave in one write per lane and their answers
 * come back together. Through the pool, each read took a connection of its own and cost a write
 * and a read system call on each side (issue 18: at 32 connections a turn served ~12 `GET`s).
 *
 * For reads that take well under a millisecond only: the statements of a lane run one after the
 * other in PostgreSQL, so a slow one would hold up the ones behind it. A lane whose connection
 * fails gives it back to the pool (destroyed) and connects again for its next read; the reads
 * owed on it fail with the connection's error, as they would have on a pooled connection.
 */
export class SharedReadLanes {
  private readonly lanes: Lane[];
  private closed = false;

  constructor(
    private readonly pool: Pool,
    count: number,
  ) {
    this.lanes = Array.from({ length: count }, () => ({
      client: null,
      release: () => undefined,
      connecting: null,
      inFlight: 0,
      cork: () => undefined,
    }));
  }

  /** Connections the lanes hold now (for tests and metrics). */
  get connected(): number {
    return this.lanes.filter((l) => l.client !== null).length;
  }

  async run(queryFor: QueryFor): Promise<QueryResult> {
    if (this.closed) throw new Error('the shared read lanes are closed');
    let lane = this.lanes[0];
    for (const l of this.lanes) if (l.inFlight < lane.inFlight) lane = l;
    lane.inFlight++;
    try {
      const client = lane.client ?? (await this.connect(lane));
      return await new Promise<QueryResult>((resolve, reject) => {
        lane.cork();
        client.query(
          queryFor((err, r) => {
            if (!err) return resolve(r);
            // the backend said FATAL before closing: not one more read on this connection
            if (lane.client === client && endsConnection(err)) lane.release(err);
            reject(err);
          }),
        );
      });
    } finally {
      lane.inFlight--;
    }
  }

  /** Gives the connections back to the pool, once the answers still owed have come (bounded). */
  async close(): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (this.lanes.some((l) => l.inFlight > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const lane of this.lanes) {
      await lane.connecting?.catch(() => null);
      lane.release();
    }
  }

  private connect(lane: Lane): Promise<PoolClient> {
    lane.connecting ??= this.pool.connect().then(
      (client) => {
        lane.connecting = null;
        if (this.closed) {
          client.release();
          throw new Error('the shared read lanes are closed');
        }
        let released = false;
        const release = (err?: Error | true) => {
          if (released) return;
          released = true;
          if (lane.client === client) lane.client = null;
          client.release(err);
        };
        lane.client = client;
        lane.release = release;
        lane.cork = corkUntil(client, setImmediate);
        // a connection that fails is destroyed, not reused; the next read connects again
        client.on('error', (err) => release(err));
        client.on('end', () => release(true));
        return client;
      },
      (err: unknown) => {
        lane.connecting = null;
        throw err;
      },
    );
    return lane.connecting;
  }
}
