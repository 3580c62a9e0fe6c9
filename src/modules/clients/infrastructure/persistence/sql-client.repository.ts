import { Injectable } from '@nestjs/common';
import { SealsColumns } from '../../../../shared/crypto/sealed-columns';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { ConcurrencyError } from '../../../../shared/domain/domain-error';
import { ClientPiiCodec } from '../../application/services/client-pii.codec';
import { clientSearchName } from '../../application/services/search-text';
import { Client, type ClientIdentifier, type Consent } from '../../domain/client';
import type { IdentifierKind } from '../../domain/client.events';
import type { ClientRepository, IdentifierMatch } from '../../domain/client.repository.port';

interface ClientRow {
  id: string;
  full_name: string;
  latin_name: string | null;
  pii: string | null;
  consent: Consent | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  merged_into: string | null;
  deleted_at: Date | null;
}

const COLUMNS = `id, full_name, latin_name, pii, consent, created_by, updated_by, created_at, updated_at,
  version, merged_into, deleted_at`;

/** Advisory-lock namespace for client identities ('CLID'); identifiers are striped over 256 locks. */
const LOCK_NAMESPACE = 0x434c4944;
const LOCK_STRIPES = 256;

/**
 * Clients in PostgreSQL through plain SQL: the personal data sealed by {@link ClientPiiCodec}
 * into one column, the identifiers as blind-index rows in `client_identifiers` (rewritten on
 * every save, present only while the client is live).
 */
@Injectable()
@SealsColumns([{ table: 'clients', column: 'pii', keyIdColumn: 'key_id', aad: ClientPiiCodec.aad }])
export class SqlClientRepository implements ClientRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ClientPiiCodec,
  ) {}

  async findById(id: string): Promise<Client | null> {
    const [row] = await this.uow.rows<ClientRow>(`SELECT ${COLUMNS} FROM clients WHERE id = $1`, [id]);
    return row ? this.toDomain(row) : null;
  }

  async findByIdForUpdate(id: string): Promise<Client | null> {
    const [row] = await this.uow.rows<ClientRow>(`SELECT ${COLUMNS} FROM clients WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return row ? this.toDomain(row) : null;
  }

  async lockIdentifiers(identifiers: readonly ClientIdentifier[]): Promise<void> {
    if (identifiers.length === 0) return;
    const stripes = [
      ...new Set(
        identifiers.map((i) => parseInt(this.codec.index(i.kind, i.value).slice(0, 8), 16) % LOCK_STRIPES),
      ),
    ].sort((a, b) => a - b);
    // sorted, so two writers always take their common stripes in the same order (no deadlock)
    await this.uow.sql(
      `SELECT count(pg_advisory_xact_lock($1::int, s)) FROM (SELECT unnest($2::int[]) AS s ORDER BY 1) x`,
      [LOCK_NAMESPACE, stripes],
    );
  }

  async findMatches(
    identifiers: readonly ClientIdentifier[],
    excludeId?: string,
  ): Promise<IdentifierMatch[]> {
    if (identifiers.length === 0) return [];
    const byKey = new Map<string, ClientIdentifier[]>();
    for (const i of identifiers) {
      const key = `${i.kind}:${this.codec.index(i.kind, i.value)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), i]);
    }
    const keys = [...byKey.keys()];
    const rows = await this.uow.rows<{ kind: IdentifierKind; hash: string; client_id: string }>(
      `SELECT ci.kind, ci.hash, ci.client_id
         FROM client_identifiers ci
         JOIN unnest($1::text[], $2::text[]) AS k(kind, hash) ON k.kind = ci.kind AND k.hash = ci.hash
        WHERE ($3::uuid IS NULL OR ci.client_id <> $3::uuid)
        ORDER BY ci.client_id`,
      [keys.map((k) => k.split(':')[0]), keys.map((k) => k.split(':')[1]), excludeId ?? null],
    );
    return rows.flatMap((r) =>
      (byKey.get(`${r.kind}:${r.hash}`) ?? []).map((identifier) => ({ clientId: r.client_id, identifier })),
    );
  }

  async insert(client: Client): Promise<void> {
    await this.insertMany([client]);
  }

  async insertMany(clients: readonly Client[]): Promise<void> {
    if (clients.length === 0) return;
    const params: unknown[] = [];
    const values: string[] = [];
    for (const c of clients) {
      const row = this.toRow(c);
      const b = params.length;
      values.push(`(${Array.from({ length: 13 }, (_, i) => `$${b + i + 1}`).join(', ')})`);
      params.push(
        c.id,
        row.fullName,
        row.latinName,
        row.searchName,
        row.pii,
        row.keyId,
        row.consent,
        row.createdBy,
        row.updatedBy,
        row.createdAt,
        row.updatedAt,
        c.nextVersion,
        row.deletedAt,
      );
    }
    await this.uow.sql(
      `INSERT INTO clients (id, full_name, latin_name, search_name, pii, key_id, consent, created_by, updated_by,
                            created_at, updated_at, version, deleted_at)
       VALUES ${values.join(', ')}`,
      params,
    );
    await this.writeIdentifiers(clients, false);
  }

  async update(client: Client): Promise<void> {
    const row = this.toRow(client);
    const r = await this.uow.sql(
      `UPDATE clients SET full_name = $3, latin_name = $4, search_name = $5, pii = $6, key_id = $7, consent = $8,
              updated_by = $9, updated_at = $10, version = $11, merged_into = $12, deleted_at = $13
        WHERE id = $1 AND version = $2`,
      [
        client.id,
        client.version,
        row.fullName,
        row.latinName,
        row.searchName,
        row.pii,
        row.keyId,
        row.consent,
        row.updatedBy,
        row.updatedAt,
        client.nextVersion,
        row.mergedInto,
        row.deletedAt,
      ],
    );
    if (r.rowCount !== 1) {
      const [current] = await this.uow.rows<{ version: number }>(
        `SELECT version FROM clients WHERE id = $1`,
        [client.id],
      );
      throw new ConcurrencyError('client', client.id, current?.version ?? null);
    }
    await this.writeIdentifiers([client], true);
  }

  private async writeIdentifiers(clients: readonly Client[], replace: boolean): Promise<void> {
    if (replace) {
      await this.uow.sql(`DELETE FROM client_identifiers WHERE client_id = ANY($1::uuid[])`, [
        clients.map((c) => c.id),
      ]);
    }
    const kinds: string[] = [];
    const hashes: string[] = [];
    const ids: string[] = [];
    for (const c of clients) {
      const seen = new Set<string>();
      for (const i of c.identifiers()) {
        const hash = this.codec.index(i.kind, i.value);
        if (seen.has(`${i.kind}:${hash}`)) continue;
        seen.add(`${i.kind}:${hash}`);
        kinds.push(i.kind);
        hashes.push(hash);
        ids.push(c.id);
      }
    }
    if (kinds.length === 0) return;
    await this.uow.sql(
      `INSERT INTO client_identifiers (kind, hash, client_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
      [kinds, hashes, ids],
    );
  }

  private toRow(c: Client) {
    const p = c.snapshot();
    const hasPii =
      p.birthDate !== null ||
      p.emails.length > 0 ||
      p.phones.length > 0 ||
      p.passports.length > 0 ||
      p.telegram !== null ||
      p.whatsapp !== null ||
      p.notes !== null;
    const sealed = hasPii ? this.codec.seal(c.id, c.personalData) : null;
    return {
      fullName: p.fullName,
      latinName: p.latinName,
      searchName: clientSearchName(p.fullName, p.latinName),
      pii: sealed?.pii ?? null,
      keyId: sealed?.keyId ?? null,
      consent: p.consent === null ? null : JSON.stringify(p.consent),
      createdBy: p.createdBy,
      updatedBy: p.updatedBy,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      mergedInto: p.mergedInto,
      deletedAt: p.deletedAt,
    };
  }

  private toDomain(row: ClientRow): Client {
    return Client.reconstitute(row.id, row.version, {
      fullName: row.full_name,
      latinName: row.latin_name,
      ...this.codec.open(row.id, row.pii),
      consent: row.consent,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
      mergedInto: row.merged_into,
      deletedAt: row.deleted_at,
    });
  }
}
