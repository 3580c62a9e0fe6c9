import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../../config/app-config';
import { DomainError } from '../../../shared/domain/domain-error';
import { HttpCbrDailySource } from './http-cbr-daily.source';

/** The CBR daily XML endpoint over real HTTP on loopback. */
describe('HttpCbrDailySource', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/xml; charset=windows-1251' });
      res.end(Buffer.from('<ValCurs Date="02.12.2026"></ValCurs>'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scripts/XML_daily.asp`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const source = (url = base) => new HttpCbrDailySource({ finance: { cbrDailyUrl: url } } as AppConfig);

  it('asks for a date in the CBR format and returns the raw bytes', async () => {
    const body = await source().fetch('2026-12-02');
    expect(body.toString()).toContain('ValCurs');
    expect(requests.at(-1)).toBe('/scripts/XML_daily.asp?date_req=02%2F12%2F2026');
    await source().fetch();
    expect(requests.at(-1)).toBe('/scripts/XML_daily.asp');
  });

  it('turns an HTTP error or an unreachable server into COMMON.UNAVAILABLE', async () => {
    status = 503;
    await expect(source().fetch()).rejects.toMatchObject({
      code: 'COMMON.UNAVAILABLE',
      message: 'CBR rates answered HTTP 503',
    });
    status = 200;
    const err = await source('http://127.0.0.1:9/x')
      .fetch()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toMatch(/could not be fetched/);
  });
});
