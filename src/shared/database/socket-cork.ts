import type { Writable } from 'node:stream';
import type { ClientBase } from 'pg';

/**
 * A function to call before each write to a pg connection: the first call corks the connection's
 * socket and `later` (the end of a tick, `process.nextTick`, or of an event-loop turn,
 * `setImmediate`) uncorks it, so what was written in between leaves in one write instead of one
 * each (pg corks per statement only). A write on loopback costs the sender the receiver's TCP work
 * too. Used by the unit of work's pipelined transactions and by the shared read lanes.
 */
export function corkUntil(client: ClientBase, later: (uncork: () => void) => void): () => void {
  const stream = (client as unknown as { connection: { stream: Writable } }).connection.stream;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    stream.uncork();
  };
  return () => {
    if (corked) return;
    corked = true;
    stream.cork();
    later(uncork);
  };
}
