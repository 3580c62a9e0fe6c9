import type { CountryEntry, TransferEntry } from '../../domain/cross-border';

export const CROSS_BORDER_STORE = Symbol('CROSS_BORDER_STORE');

export interface CountryView {
  code: string;
  name: string;
  adequate: boolean;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

export interface TransferView {
  id: string;
  country: string;
  recipient: string;
  purpose: string;
  categories: string[];
  /** YYYY-MM-DD; null = Roskomnadzor not notified (yet). */
  notifiedOn: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface TransferFilter {
  country?: string;
  limit: number;
  offset: number;
}

export interface CrossBorderStore {
  upsertCountry(c: Omit<CountryView, 'updatedAt' | 'updatedBy'>, userId: string | null): Promise<CountryView>;
  country(code: string): Promise<CountryView | null>;
  countries(): Promise<CountryView[]>;
  insertTransfer(
    t: Omit<TransferView, 'createdAt' | 'createdBy'>,
    userId: string | null,
  ): Promise<TransferView>;
  transfers(filter: TransferFilter): Promise<{ items: TransferView[]; total: number }>;
  /** The list entries and transfers of these countries: what the warning rule needs. */
  rulesFor(countries: string[]): Promise<{ countries: CountryEntry[]; transfers: TransferEntry[] }>;
}
