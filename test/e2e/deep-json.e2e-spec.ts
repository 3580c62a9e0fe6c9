import { MAX_JSON_DEPTH } from '../../src/shared/http/body-parser';
import { startTestApp, type TestApp } from '../support/test-app';

function nested(depth: number, leaf = '1'): string {
  return '['.repeat(depth) + leaf + ']'.repeat(depth);
}

/** Bodies that used to kill the process from one anonymous request (issue 11, item 1). */
describe('deeply nested JSON bodies (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function post(
    body: string,
  ): Promise<{ status: number; type: string; json: Record<string, unknown> }> {
    const res = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      json: (await res.json()) as Record<string, unknown>,
    };
  }

  async function live(): Promise<number> {
    return (await fetch(`${t.baseUrl}/health/live`)).status;
  }

  it('answers 400 problem+json and stays alive when an anonymous body is nested 30,000 levels deep', async () => {
    const body = `{"email":${nested(30_000)},"password":"x"}`;
    expect(body.length).toBeGreaterThan(59_000);
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    expect(r.json).toMatchObject({ code: 'COMMON.MALFORMED_REQUEST', status: 400 });
    expect(String(r.json.detail)).toContain(String(MAX_JSON_DEPTH));
    expect(await live()).toBe(200);
  });

  it('answers 400 when objects are nested one level deeper than the limit and stays alive', async () => {
    let body = '1';
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) body = `{"a":${body}}`;
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(await live()).toBe(200);
  });

  it('lets a body at the depth limit through to validation when it is not deeper', async () => {
    const r = await post(`{"email":${nested(MAX_JSON_DEPTH - 1)},"password":"x"}`);
    expect(r.status).toBe(422);
    expect(r.type).toContain('application/problem+json');
  });

  it('does not count brackets inside strings when a password is full of them', async () => {
    const r = await post(JSON.stringify({ email: 'nobody@test.agency', password: '[{'.repeat(5_000) }));
    expect(r.status).not.toBe(400);
    expect(r.status).toBeLessThan(500);
  });

  it('names the field of a NUL character found deep inside a body within the limit', async () => {
    const r = await post(`{"email":"a@b.c","password":"x","deep":${nested(50, '"bad\\u0000"')}}`);
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.json)).toContain('deep[0]');
    expect(await live()).toBe(200);
  });
});
