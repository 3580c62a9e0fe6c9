import type { Server, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Drains the HTTP server on SIGTERM: stop accepting connections, answer every response from
 * now on with `Connection: close` (so kept-alive clients reconnect elsewhere), close idle
 * kept-alive connections, and wait for the requests in flight to finish — up to a deadline,
 * after which the remaining connections are cut. Only then may the app close what those
 * requests use (PDF workers, outbox relay, database pool).
 */
export class HttpDrain {
  private draining = false;
  private readonly active = new Set<ServerResponse>();
  /** Responses completed since the drain began (in flight then, or arrived on open connections). */
  answeredWhileDraining = 0;

  /** First `onRequest` hook: tracks requests in flight and marks responses `Connection: close` while draining. */
  hook() {
    return (_req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
      const res = reply.raw;
      this.active.add(res);
      res.once('close', () => {
        this.active.delete(res);
        if (this.draining && res.writableFinished) this.answeredWhileDraining++;
      });
      if (this.draining) reply.header('Connection', 'close');
      done();
    };
  }

  get inFlight(): number {
    return this.active.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Resolves when every connection has closed (`drained: true`) or when the deadline passed and
   * the rest were cut (`drained: false`).
   */
  async drain(server: Server, deadlineMs: number): Promise<{ drained: boolean; cut: number }> {
    this.draining = true;
    for (const res of this.active) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // responses that started before the drain may leave their connection idle but open
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    try {
      const outcome = await Promise.race([closed.then(() => 'closed' as const), deadline]);
      if (outcome === 'closed') return { drained: true, cut: 0 };
      const cut = this.active.size;
      server.closeAllConnections();
      await closed;
      return { drained: false, cut };
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
  }
}
