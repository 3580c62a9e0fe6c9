import { DomainError } from '../domain/domain-error';
import { problem } from './problem';
import { toProblem } from './problem-details.filter';

describe('problem documents', () => {
  it('keeps type, title, status, detail and code when extra members try to override them', () => {
    const p = problem(409, 'ORDERS.LOCKED', 'order is cancelled', {
      type: 'evil',
      title: 'evil',
      status: 200,
      detail: 'evil',
      code: 'COMMON.INTERNAL',
      allowed: ['x'],
    });
    expect(p).toEqual({
      type: 'urn:travel-crm:problem:orders-locked',
      title: 'Conflict',
      status: 409,
      detail: 'order is cancelled',
      code: 'ORDERS.LOCKED',
      allowed: ['x'],
    });
  });

  it('keeps the standard members when a domain error carries details named like them', () => {
    const err = new DomainError('COMMON.VERSION_CONFLICT', 'stale', {
      status: 500,
      code: 'X',
      currentVersion: 3,
    });
    expect(toProblem(err)).toMatchObject({ status: 409, code: 'COMMON.VERSION_CONFLICT', currentVersion: 3 });
  });
});
