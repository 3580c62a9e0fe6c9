import Decimal from 'decimal.js';
import { money, roundMoney } from '../../../shared/domain/money';

/** A commission as a percentage of the converted price or a fixed amount in the service's currency. */
export type Commission = { percent: string } | { amount: string };

export interface PricedLine {
  /** Price in the service's currency, decimal string. */
  price: string;
  /** Service currency → order currency, fixed when the price was entered. */
  rate: string;
  commission: Commission;
}

export interface LineTotals {
  /** price × rate, rounded half-to-even to 2 decimals, in the order currency. */
  amount: string;
  /** The line's commission in the order currency, rounded the same way. */
  commission: string;
}

export interface OrderTotals {
  totalAmount: string;
  commission: string;
  supplierCost: string;
  margin: string;
}

export const ZERO_TOTALS: OrderTotals = Object.freeze({
  totalAmount: '0.00',
  commission: '0.00',
  supplierCost: '0.00',
  margin: '0.00',
});

export { money, roundMoney };

/**
 * One line in the order currency. A percentage applies to the converted (already rounded) price;
 * a fixed amount is in the service's currency and is converted by the same rate. Each figure is
 * rounded per line, so the order's totals are sums of the figures shown on each line.
 */
export function lineTotals(line: PricedLine): LineTotals {
  const amount = roundMoney(new Decimal(line.price).times(line.rate));
  const commission =
    'percent' in line.commission
      ? roundMoney(amount.times(line.commission.percent).dividedBy(100))
      : roundMoney(new Decimal(line.commission.amount).times(line.rate));
  return { amount: amount.toFixed(2), commission: commission.toFixed(2) };
}

/**
 * The order's totals from its lines: total = Σ line amounts, commission = Σ line commissions,
 * supplier cost = total − commission (what the agency pays on), margin = total − supplier cost
 * (the agency's income on the order).
 */
export function orderTotals(lines: readonly LineTotals[]): OrderTotals {
  let total = new Decimal(0);
  let commission = new Decimal(0);
  for (const l of lines) {
    total = total.plus(l.amount);
    commission = commission.plus(l.commission);
  }
  const supplierCost = total.minus(commission);
  return {
    totalAmount: total.toFixed(2),
    commission: commission.toFixed(2),
    supplierCost: supplierCost.toFixed(2),
    margin: total.minus(supplierCost).toFixed(2),
  };
}

export function sameTotals(a: OrderTotals, b: OrderTotals): boolean {
  return (
    a.totalAmount === b.totalAmount &&
    a.commission === b.commission &&
    a.supplierCost === b.supplierCost &&
    a.margin === b.margin
  );
}
