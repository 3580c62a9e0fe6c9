import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UnitOfWork } from '../../../../shared/database/unit-of-work';
import { ApplicationPiiCodec, type StoredAttachment } from '../../application/services/application-pii.codec';

/**
 * Moves attachment names stored in the clear `attachments` column (before they were sealed) into
 * the sealed `pii`, at start, batch by batch (`FOR UPDATE SKIP LOCKED`, each batch its own
 * transaction): idempotent, resumable, safe on several replicas. Reads fall back until then.
 */
@Injectable()
export class AttachmentNameBackfill implements OnApplicationBootstrap {
  private readonly log = new Logger(AttachmentNameBackfill.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ApplicationPiiCodec,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.run();
    if (sealed > 0) this.log.log(`sealed the attachment names of ${sealed} applications`);
  }

  /** Seals every clear attachment name; returns how many applications it changed. */
  async run(batchSize = 200): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.uow.run(async () => {
        const rows = await this.uow.rows<{ id: string; pii: string | null; attachments: StoredAttachment[] }>(
          `SELECT id::text AS id, pii, attachments FROM applications
            WHERE jsonb_path_exists(attachments, '$[*].fileName')
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        for (const r of rows) {
          const data = this.codec.open(r.id, r.pii);
          const { stored, fileNames } = ApplicationPiiCodec.splitNames(r.attachments);
          const sealed = this.codec.seal(r.id, { ...data, fileNames: { ...fileNames, ...data.fileNames } });
          await this.uow.sql(
            `UPDATE applications SET pii = $2, key_id = $3, attachments = $4::jsonb WHERE id = $1`,
            [r.id, sealed.pii, sealed.keyId, JSON.stringify(stored)],
          );
        }
        return rows.length;
      });
      if (n === 0) break;
      total += n;
    }
    return total;
  }
}
