import type { Readable } from 'node:stream';

export const WHATSAPP_GATEWAY = Symbol('WHATSAPP_GATEWAY');

/** What the outgoing worker sends: free text, text with reply buttons, or an approved template. */
export type WhatsAppOutgoing =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; buttons: Array<{ id: string; title: string }> }
  | { kind: 'template'; name: string; language: string; parameters: string[] };

export interface WhatsAppMedia {
  url: string;
  mimeType: string | null;
  sha256: string | null;
  fileSize: number | null;
}

/**
 * The WhatsApp Business Cloud API (Graph API) behind a port. Failures are `BotApiError`s: `code`
 * is the HTTP status (429 with `retryAfterSeconds`, 401 a refused token), the message never
 * carries the token.
 */
export interface WhatsAppGateway {
  /** `GET /{phoneNumberId}`: the token may read the number. */
  checkNumber(phoneNumberId: string, token: string): Promise<{ displayPhoneNumber: string | null }>;
  /** `POST /{phoneNumberId}/messages`; returns the new message's wamid. */
  send(phoneNumberId: string, token: string, to: string, message: WhatsAppOutgoing): Promise<string>;
  /** `GET /{mediaId}`: a download URL valid for minutes. */
  media(token: string, mediaId: string): Promise<WhatsAppMedia>;
  /** The download itself (bearer token too); refuses files larger than `maxBytes`. */
  download(token: string, url: string, maxBytes: number): Promise<Readable>;
}
