import type { ClientIdentifier } from '../../domain/client';

/** Where an identifier seen earlier in the file leads: the row that holds it and, once known, its client. */
export interface Target {
  row: number | null;
  clientId: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_ROW = 0;

/**
 * The identifiers of the rows accepted so far in one import file, for in-file duplicates. It
 * grows with the file (three identifiers per row), so it is kept compact: each identifier's
 * normalised value maps to a small integer (a target), and the targets live in typed arrays (the
 * row number in 4 bytes, the client id as its 16 bytes) instead of one object and one 36-character
 * id string per row. Client ids are turned back into strings only for the duplicates reported.
 */
export class InFileIndex {
  private readonly byKind: Record<ClientIdentifier['kind'], Map<string, number>> = {
    email: new Map(),
    phone: new Map(),
    passport: new Map(),
  };
  private rows = new Int32Array(1024);
  private ids = new Uint8Array(1024 * 16);
  /** 1 when the target's client id is known. */
  private known = new Uint8Array(1024);
  private size = 0;

  get targets(): number {
    return this.size;
  }

  /** A new target (a row of the file, its client id if any), to be remembered under identifiers. */
  add(target: Target): number {
    if (this.size === this.rows.length) this.grow();
    const t = this.size++;
    this.set(t, target);
    return t;
  }

  /** Re-points a target (e.g. the row turned out to duplicate a client already in the database). */
  set(t: number, { row, clientId }: Target): void {
    if (row !== null && (!Number.isInteger(row) || row < 1)) throw new RangeError('a row number is ≥ 1');
    this.rows[t] = row ?? NO_ROW;
    if (clientId === null) {
      this.known[t] = 0;
      return;
    }
    if (!UUID_RE.test(clientId)) throw new RangeError('a client id is a UUID');
    this.ids.set(Buffer.from(clientId.replace(/-/g, ''), 'hex'), t * 16);
    this.known[t] = 1;
  }

  target(t: number): Target {
    const row = this.rows[t];
    return { row: row === NO_ROW ? null : row, clientId: this.known[t] ? this.idOf(t) : null };
  }

  /** The first of `identifiers` seen earlier in the file, with its target. */
  find(identifiers: readonly ClientIdentifier[]): { target: number; field: ClientIdentifier['kind'] } | null {
    for (const i of identifiers) {
      const t = this.byKind[i.kind].get(i.value);
      if (t !== undefined) return { target: t, field: i.kind };
    }
    return null;
  }

  remember(identifiers: readonly ClientIdentifier[], t: number): void {
    for (const i of identifiers) this.byKind[i.kind].set(i.value, t);
  }

  private idOf(t: number): string {
    const h = Buffer.from(this.ids.buffer, this.ids.byteOffset + t * 16, 16).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private grow(): void {
    const n = this.rows.length * 2;
    const rows = new Int32Array(n);
    rows.set(this.rows);
    const ids = new Uint8Array(n * 16);
    ids.set(this.ids);
    const known = new Uint8Array(n);
    known.set(this.known);
    this.rows = rows;
    this.ids = ids;
    this.known = known;
  }
}
