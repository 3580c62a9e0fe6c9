import { connect, createServer, type Server, type Socket } from 'node:net';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/shared/database/data-source.factory';
import { UnitOfWork } from '../../src/shared/database/unit-of-work';
import type { IntDb } from './int-db';

/**
 * A TCP proxy in front of PostgreSQL that counts round trips: a round trip starts when the client
 * sends after the server has answered (or first). Statements written together before any answer
 * (pipelined) are one round trip; statements each sent after the previous one's answer are one each.
 */
export interface RoundTripProxy {
  port: number;
  /** Round trips since the last reset, over every connection through the proxy. */
  roundTrips(): number;
  /** The same per connection that had any, in the order the connections were opened. */
  roundTripsByConnection(): number[];
  reset(): void;
  close(): Promise<void>;
}

export async function startRoundTripProxy(target: { host: string; port: number }): Promise<RoundTripProxy> {
  let trips = 0;
  const byConnection: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const index = byConnection.push(0) - 1;
    let answered = true; // the next client write starts a round trip
    client.on('data', (chunk) => {
      if (answered) {
        trips += 1;
        byConnection[index] += 1;
      }
      answered = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      answered = true;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    sockets.add(client).add(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    roundTrips: () => trips,
    roundTripsByConnection: () => byConnection.filter((n) => n > 0),
    reset: () => {
      trips = 0;
      byConnection.fill(0);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For one describe block (beforeAll/afterAll): a counting proxy in front of the spec's database
 * server, and `unitOfWork(pipeline)`, a UnitOfWork on a one-connection pool that goes through it.
 */
export function useRoundTripProxy(db: () => IntDb): {
  proxy: () => RoundTripProxy;
  /** `sharedReadLanes`: that many lanes on top of the one pooled connection (pipelined only). */
  unitOfWork: (pipeline: boolean, sharedReadLanes?: number) => Promise<UnitOfWork>;
} {
  let proxy: RoundTripProxy | undefined;
  const sources: DataSource[] = [];
  beforeAll(async () => {
    const url = new URL(db().db.url);
    proxy = await startRoundTripProxy({ host: url.hostname, port: Number(url.port || 5432) });
  });
  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await proxy?.close();
  });
  const started = (): RoundTripProxy => {
    if (!proxy) throw new Error('useRoundTripProxy(): the proxy starts in beforeAll');
    return proxy;
  };
  return {
    proxy: started,
    unitOfWork: async (pipeline, sharedReadLanes = 0) => {
      const url = new URL(db().db.url);
      url.hostname = '127.0.0.1';
      url.port = String(started().port);
      const ds = createDataSource({ url: url.toString(), poolMax: 1, pipeline, sharedReadLanes });
      await ds.initialize();
      sources.push(ds);
      return new UnitOfWork(ds);
    },
  };
}
