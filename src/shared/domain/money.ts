import Decimal from 'decimal.js';

/** Money rounding: two decimals, half to even ("banker's rounding"): 0.125 → 0.12, 0.135 → 0.14. */
export function roundMoney(value: Decimal.Value): Decimal {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** A money decimal string with exactly two decimals. */
export function money(value: Decimal.Value): string {
  return roundMoney(value).toFixed(2);
}

/** A rate as a decimal string with at most 8 decimals and no trailing zeros. */
export function rateString(value: Decimal.Value): string {
  return new Decimal(value).toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN).toString();
}
