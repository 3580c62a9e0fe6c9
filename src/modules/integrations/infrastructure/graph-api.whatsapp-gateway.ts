import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { BotApiError } from '../application/ports/bot-gateway.port';
import type {
  WhatsAppGateway,
  WhatsAppMedia,
  WhatsAppOutgoing,
} from '../application/ports/whatsapp-gateway.port';
import { scrubToken } from '../application/services/integration-secrets';

const TIMEOUT_MS = 15_000;

/** Fails the stream once more than `max` bytes went through. */
class Limit extends Transform {
  private bytes = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) cb(new BotApiError(413, `the file is larger than ${this.max} bytes`));
    else cb(null, chunk);
  }
}

function graphBody(message: WhatsAppOutgoing, to: string): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  if (message.kind === 'text')
    return { ...base, type: 'text', text: { preview_url: false, body: message.text } };
  if (message.kind === 'buttons') {
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: message.text },
        action: {
          buttons: message.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })),
        },
      },
    };
  }
  return {
    ...base,
    type: 'template',
    template: {
      name: message.name,
      language: { code: message.language },
      components:
        message.parameters.length === 0
          ? []
          : [{ type: 'body', parameters: message.parameters.map((text) => ({ type: 'text', text })) }],
    },
  };
}

/** The Graph API over HTTPS with fetch (WHATSAPP_GRAPH_API_ROOT / WHATSAPP_GRAPH_API_VERSION). */
@Injectable()
export class GraphApiWhatsAppGateway implements WhatsAppGateway {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private url(path: string): string {
    const { graphApiRoot, graphApiVersion } = this.config.whatsapp;
    return `${graphApiRoot}/${graphApiVersion}/${path}`;
  }

  private async call(token: string, url: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new BotApiError(0, scrubToken(`Graph API not reached: ${(err as Error).message}`, token));
    }
    if (res.ok) return res;
    let detail = '';
    try {
      const body = (await res.json()) as { error?: { message?: string; code?: number } };
      detail = `${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim();
    } catch {
      detail = res.statusText;
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new BotApiError(
      res.status,
      scrubToken(`Graph API ${res.status}: ${detail}`.slice(0, 400), token),
      res.status === 429 ? (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 60) : null,
    );
  }

  async checkNumber(phoneNumberId: string, token: string): Promise<{ displayPhoneNumber: string | null }> {
    const res = await this.call(token, this.url(encodeURIComponent(phoneNumberId)));
    const body = (await res.json()) as { display_phone_number?: string };
    return { displayPhoneNumber: body.display_phone_number ?? null };
  }

  async send(phoneNumberId: string, token: string, to: string, message: WhatsAppOutgoing): Promise<string> {
    const res = await this.call(token, this.url(`${encodeURIComponent(phoneNumberId)}/messages`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(graphBody(message, to)),
    });
    const body = (await res.json()) as { messages?: Array<{ id?: string }> };
    const id = body.messages?.[0]?.id;
    if (typeof id !== 'string') throw new BotApiError(502, 'Graph API answered without a message id');
    return id;
  }

  async media(token: string, mediaId: string): Promise<WhatsAppMedia> {
    const res = await this.call(token, this.url(encodeURIComponent(mediaId)));
    const body = (await res.json()) as {
      url?: string;
      mime_type?: string;
      sha256?: string;
      file_size?: number;
    };
    if (typeof body.url !== 'string') throw new BotApiError(502, 'Graph API gave no media URL');
    return {
      url: body.url,
      mimeType: body.mime_type ?? null,
      sha256: body.sha256 ?? null,
      fileSize: typeof body.file_size === 'number' ? body.file_size : null,
    };
  }

  async download(token: string, url: string, maxBytes: number): Promise<Readable> {
    const res = await this.call(token, url);
    if (!res.body) throw new BotApiError(502, 'the media download has no body');
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new BotApiError(413, `the file is larger than ${maxBytes} bytes`);
    }
    const limit = new Limit(maxBytes);
    const source = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    source.on('error', (err) => limit.destroy(err));
    return source.pipe(limit);
  }
}
