import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  CrossBorderWarningsQuery,
  type CrossBorderWarning,
} from '../../../../../shared/contracts/cross-border';
import { unnotifiedTransfers } from '../../../domain/cross-border';
import { CROSS_BORDER_STORE, type CrossBorderStore } from '../../ports/cross-border-store.port';

/** The agency's home country: a supplier there receives no cross-border transfer. */
export const HOME_COUNTRY = 'RU';

/** Answers the published contract query (orders ask it for an order's conflicts). */
@QueryHandler(CrossBorderWarningsQuery)
export class CrossBorderWarningsHandler implements IQueryHandler<CrossBorderWarningsQuery> {
  constructor(@Inject(CROSS_BORDER_STORE) private readonly store: CrossBorderStore) {}

  async execute({ services }: CrossBorderWarningsQuery): Promise<CrossBorderWarning[]> {
    const codes = [
      ...new Set(
        services
          .map((s) => s.supplierCountry?.toUpperCase())
          .filter((c): c is string => Boolean(c) && c !== HOME_COUNTRY),
      ),
    ];
    if (codes.length === 0) return [];
    const rules = await this.store.rulesFor(codes);
    return unnotifiedTransfers(services, rules.countries, rules.transfers, HOME_COUNTRY);
  }
}
