import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../shared/database/unit-of-work';
import { isoUtc } from '../../../shared/database/sql-fragments';
import type { CountryEntry, TransferEntry } from '../domain/cross-border';
import type {
  CountryView,
  CrossBorderStore,
  TransferFilter,
  TransferView,
} from '../application/ports/cross-border-store.port';

const COUNTRY_COLUMNS = `code, name, adequate, note, updated_by AS "updatedBy", ${isoUtc('updated_at')} AS "updatedAt"`;
const TRANSFER_COLUMNS = `id, country, recipient, purpose, categories, to_char(notified_on, 'YYYY-MM-DD') AS "notifiedOn",
  created_by AS "createdBy", ${isoUtc('created_at')} AS "createdAt"`;

/** The country list and the register of cross-border transfers (tables of migration 1764120000001). */
@Injectable()
export class SqlCrossBorderStore implements CrossBorderStore {
  constructor(private readonly uow: UnitOfWork) {}

  async upsertCountry(
    c: Omit<CountryView, 'updatedAt' | 'updatedBy'>,
    userId: string | null,
  ): Promise<CountryView> {
    const [row] = await this.uow.rows<CountryView>(
      `INSERT INTO privacy_countries (code, name, adequate, note, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, adequate = EXCLUDED.adequate, note = EXCLUDED.note,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${COUNTRY_COLUMNS}`,
      [c.code, c.name, c.adequate, c.note, userId],
    );
    return row;
  }

  async country(code: string): Promise<CountryView | null> {
    const [row] = await this.uow.rows<CountryView>(
      `SELECT ${COUNTRY_COLUMNS} FROM privacy_countries WHERE code = $1`,
      [code],
    );
    return row ?? null;
  }

  countries(): Promise<CountryView[]> {
    return this.uow.rows<CountryView>(`SELECT ${COUNTRY_COLUMNS} FROM privacy_countries ORDER BY code`);
  }

  async insertTransfer(
    t: Omit<TransferView, 'createdAt' | 'createdBy'>,
    userId: string | null,
  ): Promise<TransferView> {
    const [row] = await this.uow.rows<TransferView>(
      `INSERT INTO privacy_cross_border_transfers (id, country, recipient, purpose, categories, notified_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7)
       RETURNING ${TRANSFER_COLUMNS}`,
      [t.id, t.country, t.recipient, t.purpose, t.categories, t.notifiedOn, userId],
    );
    return row;
  }

  async transfers(f: TransferFilter): Promise<{ items: TransferView[]; total: number }> {
    const where = f.country ? `WHERE country = $3` : '';
    const params: unknown[] = [f.limit, f.offset];
    if (f.country) params.push(f.country);
    const items = await this.uow.rows<TransferView>(
      `SELECT ${TRANSFER_COLUMNS} FROM privacy_cross_border_transfers ${where}
        ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      params,
    );
    const [{ total }] = await this.uow.rows<{ total: number }>(
      `SELECT count(*)::int AS total FROM privacy_cross_border_transfers ${f.country ? 'WHERE country = $1' : ''}`,
      f.country ? [f.country] : [],
    );
    return { items, total };
  }

  async rulesFor(codes: string[]): Promise<{ countries: CountryEntry[]; transfers: TransferEntry[] }> {
    if (codes.length === 0) return { countries: [], transfers: [] };
    const countries = await this.uow.rows<CountryEntry>(
      `SELECT code, adequate FROM privacy_countries WHERE code = ANY($1::text[])`,
      [codes],
    );
    const transfers = await this.uow.rows<TransferEntry>(
      `SELECT country, recipient, to_char(notified_on, 'YYYY-MM-DD') AS "notifiedOn"
         FROM privacy_cross_border_transfers WHERE country = ANY($1::text[]) AND notified_on IS NOT NULL`,
      [codes],
    );
    return { countries, transfers };
  }
}
