import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * WhatsApp Business Cloud API webhooks in plain TypeScript: the signature check over the raw
 * bytes and the translation of a delivery (`entry[].changes[].value`) into messages and statuses.
 */

/** True when `header` is `sha256=` + the hex HMAC-SHA256 of exactly these bytes under `appSecret`. */
export function verifyHubSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length).trim().toLowerCase(), 'utf8');
  const expected = Buffer.from(createHmac('sha256', appSecret).update(raw).digest('hex'), 'utf8');
  // equal lengths first (timingSafeEqual throws otherwise); the length of a hex digest is public
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WhatsAppAttachment {
  mediaId: string;
  fileName: string | null;
  mimeType: string | null;
  sha256: string | null;
}

/** One customer message of a delivery, already in the inbound port's terms. */
export interface WhatsAppIncoming {
  wamid: string;
  /** The customer's WhatsApp id (their number, digits only). */
  from: string;
  profileName: string | null;
  /** ISO 8601 (UTC) from Meta's `timestamp` (seconds). */
  sentAt: string;
  text: string | null;
  attachments: WhatsAppAttachment[];
  /** The wamid this message answers (`context.id`). */
  replyTo: string | null;
  /** A reply button pressed: its id. */
  buttonId: string | null;
  type: string;
}

export interface WhatsAppStatus {
  wamid: string;
  status: string;
  at: string;
  errorCode: number | null;
  errorTitle: string | null;
}

export interface WhatsAppDelivery {
  messages: WhatsAppIncoming[];
  statuses: WhatsAppStatus[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

const TYPE_RU: Record<string, string> = {
  audio: 'голосовое сообщение или аудио',
  video: 'видео',
  sticker: 'стикер',
  location: 'геопозиция',
  reaction: 'реакция',
  unsupported: 'неподдерживаемое сообщение',
};

/** Meta's `timestamp` (Unix seconds) as ISO 8601; a missing or absurd one (the future, before 2009) is now. */
function timeOf(ts: unknown, now = Date.now()): string {
  const ms = Number(ts) * 1000;
  const sane = Number.isFinite(ms) && ms > Date.UTC(2009, 0, 1) && ms < now + 24 * 60 * 60 * 1000;
  return new Date(sane ? ms : now).toISOString();
}

/** Shared contact cards as readable lines: «Контакт: Имя, +7…, e-mail». */
function contactsText(cards: unknown[]): string {
  return cards
    .map((c) => {
      const card = obj(c);
      const name = str(obj(card.name).formatted_name) ?? str(obj(card.name).first_name) ?? 'без имени';
      const phones = arr(card.phones)
        .map((p) => str(obj(p).phone) ?? str(obj(p).wa_id))
        .filter(Boolean);
      const emails = arr(card.emails)
        .map((e) => str(obj(e).email))
        .filter(Boolean);
      return `Контакт: ${[name, ...phones, ...emails].join(', ')}`;
    })
    .join('\n');
}

function fallbackText(type: string, m: Obj): string {
  if (type === 'location') {
    const l = obj(m.location);
    const where = [str(l.name), str(l.address)].filter(Boolean).join(', ');
    return `Геопозиция: ${String(l.latitude ?? '?')}, ${String(l.longitude ?? '?')}${where ? ` (${where})` : ''}`;
  }
  if (type === 'reaction') return `Реакция ${str(obj(m.reaction).emoji) ?? ''}`.trim();
  return `[WhatsApp: ${TYPE_RU[type] ?? `сообщение типа «${type}»`}]`;
}

function message(m: Obj, names: Map<string, string>): WhatsAppIncoming | null {
  const wamid = str(m.id);
  const from = str(m.from);
  if (!wamid || !from) return null;
  const type = str(m.type) ?? 'unsupported';
  let text: string | null = null;
  let buttonId: string | null = null;
  const attachments: WhatsAppAttachment[] = [];
  if (type === 'text') text = str(obj(m.text).body);
  else if (type === 'image' || type === 'document') {
    const media = obj(m[type]);
    const mediaId = str(media.id);
    text = str(media.caption);
    if (mediaId) {
      const mimeType = str(media.mime_type);
      attachments.push({
        mediaId,
        fileName:
          str(media.filename) ??
          `${type}-${mediaId}${mimeType === 'image/png' ? '.png' : type === 'image' ? '.jpg' : ''}`,
        mimeType,
        sha256: str(media.sha256),
      });
    }
  } else if (type === 'contacts') text = contactsText(arr(m.contacts));
  else if (type === 'interactive') {
    const i = obj(m.interactive);
    const reply = obj(i.button_reply ?? i.list_reply);
    buttonId = str(reply.id);
    text = str(reply.title);
  } else if (type === 'button') {
    const b = obj(m.button);
    buttonId = str(b.payload);
    text = str(b.text);
  } else text = fallbackText(type, m);
  return {
    wamid,
    from,
    profileName: names.get(from) ?? null,
    sentAt: timeOf(m.timestamp),
    text,
    attachments,
    replyTo: str(obj(m.context).id),
    buttonId,
    type,
  };
}

/** Every message and status of a delivery, across its entries and changes (batched deliveries). */
export function parseDelivery(body: unknown): WhatsAppDelivery {
  const out: WhatsAppDelivery = { messages: [], statuses: [] };
  for (const entry of arr(obj(body).entry)) {
    for (const change of arr(obj(entry).changes)) {
      const value = obj(obj(change).value);
      const names = new Map<string, string>();
      for (const c of arr(value.contacts)) {
        const waId = str(obj(c).wa_id);
        const name = str(obj(obj(c).profile).name);
        if (waId && name) names.set(waId, name);
      }
      for (const m of arr(value.messages)) {
        const parsed = message(obj(m), names);
        if (parsed) out.messages.push(parsed);
      }
      for (const s of arr(value.statuses)) {
        const st = obj(s);
        const wamid = str(st.id);
        const status = str(st.status);
        if (!wamid || !status) continue;
        const error = obj(arr(st.errors)[0]);
        out.statuses.push({
          wamid,
          status,
          at: timeOf(st.timestamp),
          errorCode: typeof error.code === 'number' ? error.code : null,
          errorTitle: str(error.title),
        });
      }
    }
  }
  return out;
}
