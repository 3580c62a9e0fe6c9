import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetClientSummariesQuery } from '../../../clients/application/queries/get-client-summaries/get-client-summaries.query';

/** Payer names for report rows, through the clients module's summaries query. */
@Injectable()
export class ClientNames {
  constructor(private readonly queries: QueryBus) {}

  async of(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const map = new Map<string, string>();
    for (let i = 0; i < unique.length; i += 1000) {
      const found = await this.queries.execute(new GetClientSummariesQuery(unique.slice(i, i + 1000)));
      for (const c of found) map.set(c.id, c.fullName);
    }
    return map;
  }
}
