import { FakeGraph } from '../../../../test/support/fake-graph';
import type { AppConfig } from '../../../config/app-config';
import { BotApiError } from '../application/ports/bot-gateway.port';
import { GraphApiWhatsAppGateway } from './graph-api.whatsapp-gateway';

/** The Graph API client against the fake Graph API over real HTTP on loopback. */
describe('GraphApiWhatsAppGateway', () => {
  const graph = new FakeGraph();
  let gateway: GraphApiWhatsAppGateway;

  beforeAll(async () => {
    await graph.start();
    gateway = new GraphApiWhatsAppGateway({
      whatsapp: { graphApiRoot: graph.url, graphApiVersion: graph.version },
    } as AppConfig);
  });
  afterAll(() => graph.stop());

  async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  it('checks a number and sends text, reply buttons and templates in the Graph shapes', async () => {
    const n = graph.addNumber();
    expect(await gateway.checkNumber(n.phoneNumberId, n.accessToken)).toEqual({
      displayPhoneNumber: '+7 900 000-00-00',
    });
    const ids = [
      await gateway.send(n.phoneNumberId, n.accessToken, '79161234567', { kind: 'text', text: 'Привет' }),
      await gateway.send(n.phoneNumberId, n.accessToken, '79161234567', {
        kind: 'buttons',
        text: 'Согласны?',
        buttons: [{ id: 'yes', title: 'Да' }],
      }),
      await gateway.send(n.phoneNumberId, n.accessToken, '79161234567', {
        kind: 'template',
        name: 'notice',
        language: 'ru',
        parameters: [],
      }),
    ];
    expect(ids.every((id) => id.startsWith('wamid.'))).toBe(true);
    const [text, buttons, template] = graph.sent(n.phoneNumberId);
    expect(text).toMatchObject({ type: 'text', text: { body: 'Привет', preview_url: false } });
    expect(buttons).toMatchObject({
      type: 'interactive',
      interactive: { action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Да' } }] } },
    });
    expect(template).toMatchObject({ type: 'template', template: { name: 'notice', components: [] } });
  });

  it('downloads media within the size limit and refuses a bigger file', async () => {
    const n = graph.addNumber();
    const bytes = Buffer.from('%PDF-1.4 ticket');
    const { mediaId } = graph.addMedia(bytes, 'application/pdf');
    const media = await gateway.media(n.accessToken, mediaId);
    expect(media).toMatchObject({ mimeType: 'application/pdf', fileSize: bytes.length });
    expect((await read(await gateway.download(n.accessToken, media.url, 1000))).equals(bytes)).toBe(true);
    const again = await gateway.media(n.accessToken, mediaId);
    await expect(gateway.download(n.accessToken, again.url, 5)).rejects.toMatchObject({ code: 413 });
  });

  it('turns Graph errors into BotApiError without the token, and an unreachable server into code 0', async () => {
    const err = (await gateway.checkNumber('1', 'EAAG-not-known').catch((e: unknown) => e)) as BotApiError;
    expect(err).toBeInstanceOf(BotApiError);
    expect(err.code).toBe(401);
    expect(err.message).toContain('Invalid OAuth access token');
    const n = graph.addNumber();
    const missing = (await gateway.media(n.accessToken, '123').catch((e: unknown) => e)) as BotApiError;
    expect(missing.code).toBe(404);
    const down = new GraphApiWhatsAppGateway({
      whatsapp: { graphApiRoot: 'http://127.0.0.1:9', graphApiVersion: 'v21.0' },
    } as AppConfig);
    const unreachable = (await down.checkNumber('1', n.accessToken).catch((e: unknown) => e)) as BotApiError;
    expect(unreachable.code).toBe(0);
    expect(unreachable.message).not.toContain(n.accessToken);
  });
});
