import { isoUtc } from '../../../../../shared/database/sql-fragments';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../shared/database/unit-of-work';
import { OutboxWriter } from '../../../../../shared/outbox/outbox.writer';
import type { Consent } from '../../../domain/client';
import { PersonalDataRead } from '../../../domain/client.events';
import { accessOf, clientView, revealedFields } from '../../client.view';
import { ClientPiiCodec } from '../../services/client-pii.codec';
import { GetClientQuery, type GetClientResult } from './get-client.query';

interface Row {
  id: string;
  fullName: string;
  latinName: string | null;
  pii: string | null;
  consent: Consent | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  version: number;
  mergedInto: string | null;
  deleted: boolean;
}

const MAX_MERGE_HOPS = 20;

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly codec: ClientPiiCodec,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ id, viewer, via }: GetClientQuery): Promise<GetClientResult> {
    let row = await this.load(id);
    if (!row || row.deleted) return { status: 'not-found' };
    if (row.mergedInto !== null) {
      // follow a chain of merges (A → B → C) to the client that holds the data now
      let survivorId = row.mergedInto;
      for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
        row = await this.load(survivorId);
        if (!row || row.mergedInto === null) break;
        survivorId = row.mergedInto;
      }
      return { status: 'merged', survivorId, survivorDeleted: row?.deleted === true || row === undefined };
    }
    const access = accessOf(viewer);
    const client = clientView(row, this.codec.open(row.id, row.pii), access);
    const fields = revealedFields(client);
    if (fields.length > 0) {
      await this.uow.run(() =>
        this.outbox.append([new PersonalDataRead(client.id, { fields, via })], viewer),
      );
    }
    return { status: 'found', client };
  }

  private async load(id: string): Promise<Row | undefined> {
    const [row] = await this.uow.rows<Row>(
      `SELECT id, full_name AS "fullName", latin_name AS "latinName", pii, consent,
              ${isoUtc('created_at')} AS "createdAt", ${isoUtc('updated_at')} AS "updatedAt",
              created_by AS "createdBy", updated_by AS "updatedBy", version,
              merged_into AS "mergedInto", deleted_at IS NOT NULL AS deleted
         FROM clients WHERE id = $1`,
      [id],
    );
    return row;
  }
}
