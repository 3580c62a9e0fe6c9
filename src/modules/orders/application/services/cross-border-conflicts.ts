import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CROSS_BORDER_UNNOTIFIED, CrossBorderWarningsQuery } from '../../../../shared/contracts/cross-border';
import type { Conflict } from '../../domain/conflicts.policy';

export interface SupplierOfService {
  id: string;
  supplier: string | null;
  supplierCountry: string | null;
}

/**
 * Warnings the privacy module raises about an order's services (passenger data to a supplier in a
 * country without adequate protection, no notified transfer), shown with the itinerary conflicts.
 * They depend on the privacy register, not on the order, so they are asked for when the order is read.
 */
@Injectable()
export class CrossBorderConflicts {
  constructor(private readonly queries: QueryBus) {}

  async of(services: readonly SupplierOfService[]): Promise<Conflict[]> {
    const abroad = services.filter((s) => s.supplierCountry);
    if (abroad.length === 0) return [];
    const warnings = await this.queries.execute(
      new CrossBorderWarningsQuery(
        abroad.map((s) => ({ serviceId: s.id, supplier: s.supplier, supplierCountry: s.supplierCountry })),
      ),
    );
    return warnings.map((w) => ({
      code: CROSS_BORDER_UNNOTIFIED,
      severity: 'warning',
      serviceIds: [w.serviceId],
      travellerIds: [],
      message: w.message,
    }));
  }
}
