/**
 * Cross-border transfers under 152-FZ art. 12: passenger data sent to a supplier abroad is a
 * transfer; to a country without adequate protection it needs a recorded notification of
 * Roskomnadzor before it starts. Pure rules; the register and the country list live in SQL.
 */

export interface CountryEntry {
  code: string;
  adequate: boolean;
}

export interface TransferEntry {
  country: string;
  recipient: string;
  /** YYYY-MM-DD when Roskomnadzor was notified; null = not notified. */
  notifiedOn: string | null;
}

export interface ServiceRef {
  serviceId: string;
  supplier: string | null;
  supplierCountry: string | null;
}

export interface TransferWarning {
  serviceId: string;
  country: string;
  recipient: string | null;
  message: string;
}

export const COUNTRY_CODE = /^[A-Z]{2}$/;

export function normaliseRecipient(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Services whose supplier is abroad (not `homeCountry`) in a country the agency's list does not
 * mark adequate (a country missing from the list counts as not adequate), with no notified
 * transfer to that country for that recipient (any recipient there when the supplier is unnamed).
 */
export function unnotifiedTransfers(
  services: readonly ServiceRef[],
  countries: readonly CountryEntry[],
  transfers: readonly TransferEntry[],
  homeCountry: string,
): TransferWarning[] {
  const adequate = new Set(countries.filter((c) => c.adequate).map((c) => c.code));
  const warnings: TransferWarning[] = [];
  for (const s of services) {
    const country = s.supplierCountry?.toUpperCase() ?? null;
    if (!country || country === homeCountry || adequate.has(country)) continue;
    const recipient = s.supplier?.trim() ? s.supplier.trim() : null;
    const notified = transfers.some(
      (t) =>
        t.country === country &&
        t.notifiedOn !== null &&
        (recipient === null || normaliseRecipient(t.recipient) === normaliseRecipient(recipient)),
    );
    if (notified) continue;
    warnings.push({
      serviceId: s.serviceId,
      country,
      recipient,
      message:
        `Трансграничная передача персональных данных: поставщик ${recipient ? `«${recipient}» ` : ''}` +
        `в стране ${country} без адекватной защиты, уведомление Роскомнадзора о передаче не записано`,
    });
  }
  return warnings;
}
