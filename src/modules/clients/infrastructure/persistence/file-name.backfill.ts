import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { FileNameCodec, type FileNameTable } from '../../application/services/file-name.codec';

const TABLES: readonly FileNameTable[] = ['client_files', 'client_import_jobs'];

/**
 * Seals the clear file names stored before `file_name_sealed` existed and clears `file_name`, at
 * start, batch by batch (`FOR UPDATE SKIP LOCKED`, each batch its own transaction): idempotent,
 * resumable, safe on several replicas at once. Reads fall back to the clear name until then.
 */
@Injectable()
export class FileNameBackfill implements OnApplicationBootstrap {
  private readonly log = new Logger(FileNameBackfill.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly names: FileNameCodec,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.run();
    if (sealed > 0) this.log.log(`sealed ${sealed} clear file names`);
  }

  /** Seals every clear file name; returns how many it sealed. */
  async run(batchSize = 500): Promise<number> {
    let total = 0;
    for (const table of TABLES) {
      for (;;) {
        const n = await this.uow.run(async () => {
          const rows = await this.uow.rows<{ id: string; name: string }>(
            `SELECT id::text AS id, file_name AS name FROM ${table}
              WHERE file_name IS NOT NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            [batchSize],
          );
          if (rows.length === 0) return 0;
          await this.uow.sql(
            `UPDATE ${table} t SET file_name_sealed = v.sealed, file_name = NULL
               FROM unnest($1::uuid[], $2::text[]) AS v(id, sealed) WHERE t.id = v.id`,
            [rows.map((r) => r.id), rows.map((r) => this.names.seal(table, r.id, r.name))],
          );
          return rows.length;
        });
        if (n === 0) break;
        total += n;
      }
    }
    return total;
  }
}
