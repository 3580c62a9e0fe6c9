import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_AGENCY } from '../../src/modules/documents/domain/sample-document-data';
import { type AppProcess, baseUrlOf, spawnApp } from '../support/app-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { flight, newClient } from '../support/orders';
import { ADMIN_EMAIL, ADMIN_PASSWORD, testEnv } from '../support/test-app';
import { createCrmClient } from '../../client';

interface Outcome {
  status?: number;
  connection?: string;
  error?: string;
  startedBeforeSignal: boolean;
}

/**
 * SIGTERM under load (issue 11, item 4): requests in flight — invoice PDF renders among them —
 * finish, kept-alive connections are told `Connection: close`, nothing is cut, exit code 0.
 */
describe('SIGTERM drains requests in flight (e2e, real process)', () => {
  let db: TestDatabase;
  let app: AppProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-sigterm-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    app = spawnApp(
      testEnv(db.url, {
        PORT: '0',
        DATA_DIR: dataDir,
        PDF_RENDER_WORKERS: '1',
        SHUTDOWN_DRAIN_SECONDS: '30',
        LOG_LEVEL: 'warn',
      }),
    );
  });
  afterAll(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes every request in flight (PDF renders included) with no 5xx or reset and exits 0 when SIGTERM arrives under load', async () => {
    const base = await baseUrlOf(app, 150_000);
    const crm = createCrmClient(base);
    const login = await crm.POST('/api/v1/auth/login', {
      body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    const token = login.data!.accessToken;
    crm.setToken(token);
    expect((await crm.PUT('/api/v1/settings/agency', { body: { ...SAMPLE_AGENCY } })).response.status).toBe(
      200,
    );
    const clientId = await newClient(crm);
    const order = await crm.POST('/api/v1/orders', {
      body: { clientId, travellerIds: [clientId], currency: 'RUB', deadline: '2027-05-15T18:00:00+03:00' },
    });
    const orderId = order.data!.id;
    const svc = await crm.POST('/api/v1/orders/{id}/services', {
      params: { path: { id: orderId } },
      body: flight() as never,
    });
    expect(svc.response.status).toBe(201);

    const agent = new Agent({ keepAlive: true, maxSockets: 12 });
    const { port } = new URL(base);
    let signalled = false;
    const outcomes: Outcome[] = [];
    const send = (method: string, path: string, body?: unknown): Promise<void> =>
      new Promise((resolve) => {
        const o: Outcome = { startedBeforeSignal: !signalled };
        outcomes.push(o);
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload ? { 'content-type': 'application/json' } : {}),
            },
          },
          (res) => {
            o.status = res.statusCode;
            o.connection = res.headers.connection;
            res.resume();
            res.on('end', resolve);
            res.on('error', (e) => {
              o.error = e.message;
              resolve();
            });
          },
        );
        req.on('error', (e) => {
          o.error = e.message;
          resolve();
        });
        req.end(payload);
      });
    const worker = async (i: number): Promise<void> => {
      while (!signalled) {
        if (i % 2 === 0) {
          await send('POST', `/api/v1/orders/${orderId}/documents`, { type: 'invoice' });
        } else {
          await send('GET', '/api/v1/auth/me');
        }
      }
    };
    const load = Array.from({ length: 12 }, (_, i) => worker(i));
    await new Promise((r) => setTimeout(r, 2_500));
    const inFlight = outcomes.filter((o) => o.status === undefined && !o.error);
    signalled = true;
    app.child.kill('SIGTERM');
    await Promise.all(load);
    const code = await app.exited;
    agent.destroy();

    const before = outcomes.filter((o) => o.startedBeforeSignal);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(before.filter((o) => o.error !== undefined)).toEqual([]);
    expect(before.filter((o) => (o.status ?? 0) >= 500)).toEqual([]);
    expect(before.filter((o) => o.status === 201).length).toBeGreaterThan(0);
    // the answers to requests in flight at the signal told the client to reconnect elsewhere
    expect(inFlight.filter((o) => o.connection === 'close').length).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(app.output()).toContain('shut down cleanly');
  }, 240_000);
});
