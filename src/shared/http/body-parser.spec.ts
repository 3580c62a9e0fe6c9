import Fastify from 'fastify';
import { DomainError } from '../domain/domain-error';
import { MAX_JSON_DEPTH, parseJsonBody, registerBodyParsers } from './body-parser';
import type { HttpRequest } from './http-types';

const JSON_TYPE = 'application/json';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).code;
  }
  return 'none';
}

describe('parseJsonBody (body-parser strict mode, as Express read bodies)', () => {
  it('reads an empty body as {} and parses objects and arrays', () => {
    expect(parseJsonBody(Buffer.alloc(0), JSON_TYPE, undefined)).toEqual({});
    expect(
      parseJsonBody(Buffer.from(' {"a":[1,"б"]}'), 'application/json; charset=UTF-8', 'identity'),
    ).toEqual({ a: [1, 'б'] });
    expect(parseJsonBody(Buffer.from('[1]'), 'application/merge-patch+json', undefined)).toEqual([1]);
  });

  it('refuses scalars, blanks and broken JSON with 400, and too deep a body before parsing it', () => {
    for (const bad of ['"x"', '42', '   ', '{"a":', 'null']) {
      expect(codeOf(() => parseJsonBody(Buffer.from(bad), JSON_TYPE, undefined))).toBe(
        'COMMON.MALFORMED_REQUEST',
      );
    }
    const deep = Buffer.from(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`);
    expect(() => parseJsonBody(deep, JSON_TYPE, undefined)).toThrow(String(MAX_JSON_DEPTH));
  });

  it('refuses another charset and a compressed body with 415', () => {
    expect(
      codeOf(() => parseJsonBody(Buffer.from('{}'), 'application/json; charset=latin1', undefined)),
    ).toBe('COMMON.UNSUPPORTED_MEDIA_TYPE');
    expect(codeOf(() => parseJsonBody(Buffer.from('{}'), JSON_TYPE, 'gzip'))).toBe(
      'COMMON.UNSUPPORTED_MEDIA_TYPE',
    );
  });
});

describe('registerBodyParsers on Fastify', () => {
  async function app() {
    const f = Fastify({ bodyLimit: 64 });
    registerBodyParsers(f, '1kb');
    f.post('/api/v1/integrations/whatsapp/:id/webhook', async (req) => ({
      body: req.body,
      raw: (req as HttpRequest).rawBody?.toString('utf8') ?? null,
    }));
    f.post('/api/v1/other', async (req) => ({
      body: req.body ?? null,
      raw: (req as HttpRequest).rawBody ?? null,
    }));
    await f.ready();
    return f;
  }

  it('keeps the exact bytes only on the signed webhook route', async () => {
    const f = await app();
    const text = '{ "entry" : [ ] }';
    const hook = await f.inject({
      method: 'POST',
      url: '/api/v1/integrations/whatsapp/i1/webhook',
      payload: text,
      headers: { 'content-type': JSON_TYPE },
    });
    expect(hook.json()).toEqual({ body: { entry: [] }, raw: text });
    const other = await f.inject({
      method: 'POST',
      url: '/api/v1/other',
      payload: text,
      headers: { 'content-type': JSON_TYPE },
    });
    expect(other.json()).toEqual({ body: { entry: [] }, raw: null });
    await f.close();
  });

  it('leaves other content types unread instead of refusing them, and answers a body over the limit 413', async () => {
    const f = await app();
    const csv = await f.inject({
      method: 'POST',
      url: '/api/v1/other',
      payload: 'a,b\n1,2',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.json()).toEqual({ body: null, raw: null });
    const big = await f.inject({
      method: 'POST',
      url: '/api/v1/other',
      payload: JSON.stringify({ a: 'x'.repeat(2000) }),
      headers: { 'content-type': JSON_TYPE },
    });
    expect(big.statusCode).toBe(413);
    await f.close();
  });
});
