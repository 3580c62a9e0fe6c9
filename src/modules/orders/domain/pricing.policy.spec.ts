import { lineTotals, money, orderTotals, roundMoney, sameTotals, ZERO_TOTALS } from './pricing.policy';

describe('pricing policy', () => {
  it('rounds half to even (banker’s rounding) when a value sits exactly between two cents', () => {
    expect(money('0.125')).toBe('0.12');
    expect(money('0.135')).toBe('0.14');
    expect(money('2.675')).toBe('2.68');
    expect(money('2.665')).toBe('2.66');
    expect(money('-1.005')).toBe('-1.00');
    expect(roundMoney('10.1251').toFixed(2)).toBe('10.13');
  });

  it('converts the price by the fixed rate and rounds the line before anything is summed', () => {
    // 33.33 × 1.5 = 49.995 → 50.00 (half to even on the last digit 9 → up)
    expect(lineTotals({ price: '33.33', rate: '1.5', commission: { percent: '0' } })).toEqual({
      amount: '50.00',
      commission: '0.00',
    });
    // 10.05 × 0.5 = 5.025 → 5.02 (even)
    expect(lineTotals({ price: '10.05', rate: '0.5', commission: { percent: '0' } }).amount).toBe('5.02');
    expect(lineTotals({ price: '400.00', rate: '98.50', commission: { percent: '0' } }).amount).toBe(
      '39400.00',
    );
  });

  it('takes a percentage commission of the converted, rounded price', () => {
    expect(lineTotals({ price: '30000.00', rate: '1', commission: { percent: '5' } }).commission).toBe(
      '1500.00',
    );
    // 100.10 × 2.5 % = 2.5025 → 2.50
    expect(lineTotals({ price: '100.10', rate: '1', commission: { percent: '2.5' } }).commission).toBe(
      '2.50',
    );
    // converted first: 10 EUR × 98.5 = 985.00; 7 % = 68.95
    expect(lineTotals({ price: '10.00', rate: '98.5', commission: { percent: '7' } })).toEqual({
      amount: '985.00',
      commission: '68.95',
    });
  });

  it('converts a fixed commission given in the service currency by the same rate', () => {
    expect(lineTotals({ price: '400.00', rate: '98.50', commission: { amount: '20.00' } }).commission).toBe(
      '1970.00',
    );
    // 0.05 × 0.5 = 0.025 → 0.02
    expect(lineTotals({ price: '1.00', rate: '0.5', commission: { amount: '0.05' } }).commission).toBe(
      '0.02',
    );
  });

  it('sums rounded lines into totals with supplier cost = total − commission and margin = total − supplier cost', () => {
    const t = orderTotals([
      { amount: '30000.00', commission: '1500.00' },
      { amount: '39400.00', commission: '1970.00' },
      { amount: '0.01', commission: '0.00' },
    ]);
    expect(t).toEqual({
      totalAmount: '69400.01',
      commission: '3470.00',
      supplierCost: '65930.01',
      margin: '3470.00',
    });
    expect(orderTotals([])).toEqual(ZERO_TOTALS);
  });

  it('does not drift like floats do when many small lines are summed', () => {
    const lines = Array.from({ length: 1000 }, () =>
      lineTotals({ price: '0.10', rate: '1', commission: { percent: '10' } }),
    );
    expect(orderTotals(lines)).toMatchObject({ totalAmount: '100.00', commission: '10.00' });
  });

  it('compares totals figure by figure', () => {
    expect(sameTotals(ZERO_TOTALS, { ...ZERO_TOTALS })).toBe(true);
    expect(sameTotals(ZERO_TOTALS, { ...ZERO_TOTALS, margin: '0.01' })).toBe(false);
  });
});
