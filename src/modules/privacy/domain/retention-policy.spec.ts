import { destructionDeadline, keepingBases } from './retention-policy';

describe('retention policy', () => {
  it('keeps data under a contract when an order is still open', () => {
    expect(keepingBases({ orderStatuses: ['confirmed'], payments: 0 })).toEqual(['contract']);
  });

  it('keeps data for accounting when payments were recorded or an order was completed', () => {
    expect(keepingBases({ orderStatuses: ['cancelled'], payments: 2 })).toEqual(['accounting']);
    expect(keepingBases({ orderStatuses: ['completed'], payments: 0 })).toEqual(['accounting']);
    expect(keepingBases({ orderStatuses: ['in_progress', 'completed'], payments: 1 })).toEqual([
      'contract',
      'accounting',
    ]);
  });

  it('finds no basis when the person only has cancelled, unpaid orders or none', () => {
    expect(keepingBases({ orderStatuses: [], payments: 0 })).toEqual([]);
    expect(keepingBases({ orderStatuses: ['cancelled'], payments: 0 })).toEqual([]);
  });

  it('sets the destruction deadline 30 days after withdrawal when nothing keeps the data', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(destructionDeadline(at, 30, [])?.toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(destructionDeadline(at, 30, ['accounting'])).toBeNull();
  });
});
