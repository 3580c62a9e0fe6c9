import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API call as the fake server received it. */
export interface FakeTelegramCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
  at: number;
}

interface FakeBot {
  id: number;
  username: string;
  revoked: boolean;
}

interface FakeFile {
  fileId: string;
  path: string;
  bytes: Buffer;
}

/**
 * A fake Telegram Bot API on 127.0.0.1:<random port> for tests: `/bot<token>/<method>` with JSON or
 * form bodies answers `{ok, result}` or `{ok:false, error_code, description, parameters}`; records
 * every call; serves `/file/bot<token>/<path>` for getFile downloads; answers 401 for a revoked
 * (or unknown) token and a scripted 429 with `retry_after`.
 */
export class FakeTelegram {
  readonly calls: FakeTelegramCall[] = [];
  private readonly bots = new Map<string, FakeBot>();
  private readonly files = new Map<string, FakeFile>();
  private readonly pending = new Map<string, Array<Record<string, unknown>>>();
  private readonly failures = new Map<string, Array<{ code: number; retryAfter?: number }>>();
  private server: Server | null = null;
  private nextBotId = 7_000_000;
  private nextMessageId = 1;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.serve(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: String(err) }));
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

  /** Registers a bot and returns its token (`<id>:<secret>` like the real ones). */
  addBot(username: string): string {
    const id = (this.nextBotId += 1);
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    const secret = Array.from({ length: 33 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
    const token = `${id}:AA${secret}`;
    this.bots.set(token, { id, username, revoked: false });
    return token;
  }

  /** From now on the token answers 401 Unauthorized, as after a revoke in @BotFather. */
  revoke(token: string): void {
    const bot = this.bots.get(token);
    if (bot) bot.revoked = true;
  }

  /** A file getFile can describe and /file/bot<token>/<path> serves. */
  addFile(bytes: Buffer, name: string): string {
    const fileId = `file-${this.files.size + 1}-${Math.random().toString(36).slice(2)}`;
    this.files.set(fileId, { fileId, path: `documents/${fileId}/${name}`, bytes });
    return fileId;
  }

  /** An update `getUpdates` hands out (polling mode) until an offset beyond it confirms it. */
  queueUpdate(token: string, update: Record<string, unknown>): void {
    const list = this.pending.get(token) ?? [];
    list.push(update);
    this.pending.set(token, list);
  }

  /** The next call of `method` (per token) fails with this code (429 with `retry_after` seconds). */
  failNext(token: string, method: string, code: number, retryAfter?: number): void {
    const key = `${token}|${method}`;
    const list = this.failures.get(key) ?? [];
    list.push({ code, retryAfter });
    this.failures.set(key, list);
  }

  callsOf(method: string, token?: string): FakeTelegramCall[] {
    return this.calls.filter((c) => c.method === method && (token === undefined || c.token === token));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (file && req.method === 'GET') {
      const bot = this.bots.get(decodeURIComponent(file[1]));
      const found = [...this.files.values()].find((f) => f.path === decodeURIComponent(file[2]));
      if (!bot || bot.revoked || !found) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': found.bytes.length,
      });
      res.end(found.bytes);
      return;
    }
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (!call) {
      this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const token = decodeURIComponent(call[1]);
    const method = call[2];
    const body = await readBody(req);
    this.calls.push({ token, method, body, at: Date.now() });
    const bot = this.bots.get(token);
    if (!bot || bot.revoked) {
      this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const scripted = this.failures.get(`${token}|${method}`)?.shift();
    if (scripted) {
      const description =
        scripted.code === 429
          ? `Too Many Requests: retry after ${scripted.retryAfter ?? 1}`
          : `Error ${scripted.code}`;
      this.reply(res, scripted.code, {
        ok: false,
        error_code: scripted.code,
        description,
        ...(scripted.retryAfter === undefined ? {} : { parameters: { retry_after: scripted.retryAfter } }),
      });
      return;
    }
    this.reply(res, 200, { ok: true, result: this.result(token, bot, method, body) });
  }

  private result(token: string, bot: FakeBot, method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        const left = (this.pending.get(token) ?? []).filter((u) => Number(u.update_id) >= offset);
        this.pending.set(token, left);
        return left.slice(0, Number(body.limit ?? 100));
      }
      case 'getMe':
        return { id: bot.id, is_bot: true, first_name: bot.username, username: bot.username };
      case 'sendMessage':
        return {
          message_id: (this.nextMessageId += 1),
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: 'private' },
          text: body.text,
        };
      case 'getFile': {
        const f = this.files.get(String(body.file_id));
        if (!f) return { file_id: body.file_id, file_unique_id: 'missing' };
        return { file_id: f.fileId, file_unique_id: f.fileId, file_size: f.bytes.length, file_path: f.path };
      }
      default:
        return true;
    }
  }

  private reply(res: ServerResponse, status: number, payload: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    }
    return out;
  }
  return { raw };
}
