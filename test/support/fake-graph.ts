import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Graph API call as the fake server received it. */
export interface FakeGraphCall {
  method: string;
  path: string;
  token: string | null;
  body: Record<string, unknown> | null;
}

interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
  /** Each download URL works for this many downloads (then 404, like an expired one). */
  urlUses: number;
  expiredFirst: boolean;
}

/**
 * Serialises like Meta's webhook sender: JSON with every non-ASCII character escaped as `\uXXXX`
 * (emoji as surrogate pairs), so a body parsed and re-serialised by the receiver no longer matches
 * the signature.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A webhook delivery of `messages` to `phoneNumberId` as Meta sends it (one entry, one change),
 * with a contact of `name` for each sender and, when given, `statuses`.
 */
export function metaMessagesDelivery<M extends { from: string }>(
  phoneNumberId: string,
  messages: M[],
  name = 'Ольга Петрова',
  statuses: unknown[] = [],
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '79000000000', phone_number_id: phoneNumberId },
              contacts: [...new Set(messages.map((m) => m.from))].map((wa) => ({
                profile: { name },
                wa_id: wa,
              })),
              messages,
              ...(statuses.length ? { statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

/** `sha256=` + hex HMAC-SHA256 of the raw bytes under the app secret, as Meta signs. */
export function metaSignature(raw: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/**
 * A fake WhatsApp Business Cloud API (Graph API) on 127.0.0.1:<random port>: `GET /{v}/{phoneId}`,
 * `POST /{v}/{phoneId}/messages` (answers a wamid), `GET /{v}/{mediaId}` (answers a short-lived
 * download URL on this server) and the download itself; every request needs the bearer token.
 */
export class FakeGraph {
  readonly calls: FakeGraphCall[] = [];
  readonly numbers = new Map<string, string>();
  private readonly media = new Map<string, FakeMedia>();
  private readonly urls = new Map<string, { mediaId: string; left: number }>();
  private server: Server | null = null;
  private seq = 1;
  url = '';
  readonly version = 'v21.0';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.serve(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err), code: 1 } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** A business number with its access token (Meta's tokens start with EAA). */
  addNumber(): { phoneNumberId: string; accessToken: string } {
    const phoneNumberId = String(100_000_000_000_000 + Math.floor(Math.random() * 1e12));
    const accessToken = `EAAG${randomBytes(40).toString('hex')}`;
    this.numbers.set(phoneNumberId, accessToken);
    return { phoneNumberId, accessToken };
  }

  /**
   * A media object customers sent. `expiredFirst`: the first download URL handed out has already
   * expired by the time it is used (as when the job ran after Meta's five minutes).
   */
  addMedia(bytes: Buffer, mimeType: string, expiredFirst = false): { mediaId: string; sha256: string } {
    const mediaId = String(900_000_000_000 + this.seq++);
    this.media.set(mediaId, { bytes, mimeType, urlUses: 1, expiredFirst });
    return { mediaId, sha256: createHash('sha256').update(bytes).digest('base64') };
  }

  /** How many download URLs were handed out for a media id. */
  urlsOf(mediaId: string): number {
    return [...this.urls.values()].filter((u) => u.mediaId === mediaId).length;
  }

  sent(phoneNumberId: string): Array<Record<string, unknown>> {
    return this.calls
      .filter((c) => c.method === 'POST' && c.path.endsWith(`/${phoneNumberId}/messages`))
      .map((c) => c.body ?? {});
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : null;
    const call: FakeGraphCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      token,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : null,
    };
    this.calls.push(call);
    const known = token !== null && [...this.numbers.values()].includes(token);
    const fail = (status: number, message: string, code = status) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: 'OAuthException', code } }));
    };
    if (!known) return fail(401, 'Invalid OAuth access token', 190);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const download = /^\/download\/([a-f0-9]+)$/.exec(url.pathname);
    if (download) {
      const u = this.urls.get(download[1]);
      if (!u || u.left <= 0) return fail(404, 'URL expired');
      u.left -= 1;
      const m = this.media.get(u.mediaId)!;
      res.writeHead(200, { 'content-type': m.mimeType, 'content-length': m.bytes.length });
      res.end(m.bytes);
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== this.version) return fail(400, `unknown version ${parts[0]}`);
    const [, id, edge] = parts;
    if (req.method === 'POST' && edge === 'messages') {
      if (this.numbers.get(id) !== token) return fail(400, 'Unsupported post request', 100);
      return json({
        messaging_product: 'whatsapp',
        contacts: [{ input: call.body?.to, wa_id: call.body?.to }],
        messages: [{ id: `wamid.OUT${this.seq++}${randomBytes(6).toString('hex')}` }],
      });
    }
    if (req.method === 'GET' && !edge && this.numbers.has(id)) {
      return json({ id, display_phone_number: '+7 900 000-00-00', verified_name: 'Агентство' });
    }
    if (req.method === 'GET' && !edge && this.media.has(id)) {
      const m = this.media.get(id)!;
      const key = randomBytes(8).toString('hex');
      this.urls.set(key, { mediaId: id, left: m.expiredFirst ? 0 : m.urlUses });
      m.expiredFirst = false;
      return json({
        messaging_product: 'whatsapp',
        url: `${this.url}/download/${key}`,
        mime_type: m.mimeType,
        sha256: createHash('sha256').update(m.bytes).digest('base64'),
        file_size: m.bytes.length,
        id,
      });
    }
    return fail(404, 'Unknown path');
  }
}
