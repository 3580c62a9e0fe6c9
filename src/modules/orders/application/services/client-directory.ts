import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type FieldError, ValidationError } from '../../../../shared/domain/domain-error';
import type { ClientSummary } from '../../../clients/application/queries/get-client-summaries/get-client-summaries.query';
import { GetClientSummariesQuery } from '../../../clients/application/queries/get-client-summaries/get-client-summaries.query';
import type { TravellerPassports } from '../../domain/conflicts.policy';

/**
 * The orders module's view of clients, through the clients module's GetClientSummariesQuery
 * (never its tables): existence of payers and travellers, names, passport expiry dates.
 */
@Injectable()
export class ClientDirectory {
  constructor(private readonly queries: QueryBus) {}

  async summaries(ids: readonly string[], committed = false): Promise<Map<string, ClientSummary>> {
    if (ids.length === 0) return new Map();
    const found = await this.queries.execute(new GetClientSummariesQuery(ids, committed));
    return new Map(found.map((c) => [c.id, c]));
  }

  /**
   * Checks that the payer and every traveller are live clients (not deleted, not merged away);
   * 422 naming each bad field otherwise. Returns the payer's name.
   */
  async requireLive(
    clientId: string | undefined,
    travellerIds: readonly string[] | undefined,
  ): Promise<string | undefined> {
    const wanted = [...new Set([...(clientId ? [clientId] : []), ...(travellerIds ?? [])])];
    const found = await this.summaries(wanted);
    const errors: FieldError[] = [];
    const check = (id: string, field: string) => {
      const c = found.get(id);
      if (!c) errors.push({ field, message: `client ${id} does not exist` });
      else if (c.mergedInto) errors.push({ field, message: `client ${id} was merged into ${c.mergedInto}` });
    };
    if (clientId) check(clientId, 'clientId');
    (travellerIds ?? []).forEach((t, i) => check(t, `travellerIds[${i}]`));
    if (errors.length > 0) throw new ValidationError(errors);
    return clientId ? found.get(clientId)!.fullName : undefined;
  }

  /**
   * Passport expiry data of `travellerIds`, for the conflict policy. An order's transaction never
   * writes clients, so the read goes out on a shared read lane with other requests' reads.
   */
  async passports(travellerIds: readonly string[]): Promise<TravellerPassports[]> {
    const found = await this.summaries(travellerIds, true);
    return [...found.values()].map((c) => ({
      travellerId: c.id,
      passports: c.passports.map((p) => ({ kind: p.kind, expiresAt: p.expiresAt })),
    }));
  }
}
