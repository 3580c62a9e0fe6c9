import {
  allowedTransitions,
  canTransition,
  isClosed,
  isOrderStatus,
  ORDER_STATUSES,
  type OrderStatus,
} from './order-status';

describe('order status machine', () => {
  const allowed: Array<[OrderStatus, OrderStatus]> = [
    ['draft', 'confirmed'],
    ['draft', 'cancelled'],
    ['confirmed', 'in_progress'],
    ['confirmed', 'cancelled'],
    ['in_progress', 'completed'],
    ['in_progress', 'cancelled'],
  ];

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('forbids every other pair, including staying in place and leaving completed or cancelled', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const ok = allowed.some(([a, b]) => a === from && b === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, ok]);
      }
    }
    expect(allowedTransitions('completed')).toEqual([]);
    expect(allowedTransitions('cancelled')).toEqual([]);
  });

  it('treats completed and cancelled as closed, and knows its statuses', () => {
    expect(ORDER_STATUSES.filter(isClosed)).toEqual(['completed', 'cancelled']);
    expect(isOrderStatus('draft')).toBe(true);
    expect(isOrderStatus('archived')).toBe(false);
  });
});
