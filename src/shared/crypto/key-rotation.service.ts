import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { UnitOfWork } from '../database/unit-of-work';
import { FieldCipher } from './field-cipher';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns';

export interface ColumnRotation {
  column: string;
  rotated: number;
  /** Values still under an old key: rows other transactions held locked, left for the next run. */
  remaining: number;
}

export interface RotationProgress {
  column: string;
  rotated: number;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Re-encrypts every sealed value not under the first configured key, batch by batch: each batch
 * claims its rows with `FOR UPDATE SKIP LOCKED` and commits on its own, so the run is resumable,
 * never blocks the running app (rows a command holds are skipped, and a command's own write
 * re-seals under the new key anyway) and can run on several processes at once.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly uow: UnitOfWork,
    private readonly cipher: FieldCipher,
  ) {}

  /** Every sealed column the modules declared with `@SealsColumns`. */
  columns(): SealedColumn[] {
    const seen = new Map<string, SealedColumn>();
    for (const w of this.discovery.getProviders()) {
      if (!w.metatype) continue;
      const cols = Reflect.getMetadata(SEALED_COLUMNS, w.metatype) as SealedColumn[] | undefined;
      for (const c of cols ?? []) seen.set(`${c.table}.${c.column}`, c);
    }
    return [...seen.values()].sort((a, b) =>
      `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`),
    );
  }

  async rotateAll(
    options: { batchSize?: number; onProgress?: (p: RotationProgress) => void } = {},
  ): Promise<ColumnRotation[]> {
    const out: ColumnRotation[] = [];
    for (const c of this.columns()) out.push(await this.rotateColumn(c, options));
    return out;
  }

  async rotateColumn(
    c: SealedColumn,
    options: { batchSize?: number; onProgress?: (p: RotationProgress) => void } = {},
  ): Promise<ColumnRotation> {
    const id = c.idColumn ?? 'id';
    for (const name of [c.table, c.column, id, c.keyIdColumn ?? 'id']) {
      if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
    }
    const name = `${c.table}.${c.column}`;
    const batchSize = options.batchSize ?? 500;
    const current = this.cipher.currentKeyId;
    const stale = c.keyIdColumn
      ? `${c.keyIdColumn} IS DISTINCT FROM $1`
      : `split_part(${c.column}, ':', 2) <> $1`;
    let rotated = 0;
    for (;;) {
      const n = await this.uow.run(async () => {
        const rows = await this.uow.rows<{ id: string; value: string }>(
          `SELECT ${id}::text AS id, ${c.column} AS value FROM ${c.table}
            WHERE ${c.column} IS NOT NULL AND ${stale}
            ORDER BY ${id} LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [current, batchSize],
        );
        if (rows.length === 0) return 0;
        const values = rows.map((r) => {
          const aad = c.aad?.(r.id);
          return this.cipher.encrypt(this.cipher.decrypt(r.value, aad), aad);
        });
        await this.uow.sql(
          `UPDATE ${c.table} t SET ${c.column} = v.value${c.keyIdColumn ? `, ${c.keyIdColumn} = $3` : ''}
             FROM unnest($1::text[], $2::text[]) AS v(id, value)
            WHERE t.${id}::text = v.id`,
          c.keyIdColumn ? [rows.map((r) => r.id), values, current] : [rows.map((r) => r.id), values],
        );
        return rows.length;
      });
      if (n === 0) break;
      rotated += n;
      options.onProgress?.({ column: name, rotated });
    }
    const [{ n }] = await this.uow.rows<{ n: string }>(
      `SELECT count(*) AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${stale}`,
      [current],
    );
    return { column: name, rotated, remaining: Number(n) };
  }
}
