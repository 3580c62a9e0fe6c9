import { Query } from '@nestjs/cqrs';

/** The conflict code of a service whose supplier gets passenger data abroad without a notified transfer. */
export const CROSS_BORDER_UNNOTIFIED = 'PRIVACY.CROSS_BORDER_UNNOTIFIED';

export interface CrossBorderServiceRef {
  serviceId: string;
  supplier: string | null;
  /** ISO 3166-1 alpha-2; null = unknown (not checked). */
  supplierCountry: string | null;
}

export interface CrossBorderWarning {
  serviceId: string;
  country: string;
  recipient: string | null;
  /** Russian, for the order's conflicts list. */
  message: string;
}

/**
 * Published by the privacy module (which answers it): which of these services send personal data
 * to a supplier in a country without adequate protection, with no transfer to that country and
 * recipient whose notification to Roskomnadzor is recorded. Orders ask it when they show an
 * order's conflicts; nobody needs to know how privacy keeps its register.
 */
export class CrossBorderWarningsQuery extends Query<CrossBorderWarning[]> {
  constructor(readonly services: readonly CrossBorderServiceRef[]) {
    super();
  }
}
