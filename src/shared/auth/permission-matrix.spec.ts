import { ROLES } from '../domain/actor';
import { ACTIONS, can, PERMISSION_MATRIX } from './permission-matrix';

/**
 * The expected grid, written out independently of the matrix: A = admin, S = supervisor,
 * O = operator, C = accountant. Every cell is checked; a change to the matrix must change this too.
 */
const EXPECTED: Record<string, string> = {
  'users.read': 'AS',
  'users.write': 'A',
  'clients.read': 'ASOC',
  'clients.write': 'ASO',
  'clients.read-pii': 'ASO',
  'clients.merge': 'AS',
  'clients.import': 'ASO',
  'applications.read': 'ASOC',
  'applications.write': 'ASO',
  'orders.read': 'ASOC',
  'orders.write': 'ASO',
  'orders.force': 'AS',
  'documents.read': 'ASOC',
  'documents.write': 'ASOC',
  'templates.read': 'ASOC',
  'templates.write': 'A',
  'settings.read': 'ASOC',
  'settings.write': 'A',
  'finance.read': 'ASOC',
  'finance.write': 'AC',
  'reports.read': 'ASC',
  'exports.read': 'ASC',
  'integrations.read': 'AS',
  'integrations.write': 'A',
  'audit.read': 'AS',
  'outbox.manage': 'A',
  'privacy.read': 'AS',
  'privacy.write': 'AS',
  'privacy.export': 'AS',
  'privacy.destroy': 'AS',
};

const LETTER = { admin: 'A', supervisor: 'S', operator: 'O', accountant: 'C' } as const;

describe('permission matrix', () => {
  it('lists exactly the actions of the expected grid', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const action of ACTIONS) {
    for (const role of ROLES) {
      const allowed = EXPECTED[action].includes(LETTER[role]);
      it(`${allowed ? 'allows' : 'denies'} ${action} when the role is ${role}`, () => {
        expect(can(role, action)).toBe(allowed);
      });
    }
  }

  it('denies every action when the role is unknown, anonymous or system', () => {
    for (const role of ['anonymous', 'system', 'root', '']) {
      for (const action of ACTIONS) expect(can(role, action)).toBe(false);
    }
  });

  it('names no action twice for a role', () => {
    for (const role of ROLES)
      expect(new Set(PERMISSION_MATRIX[role]).size).toBe(PERMISSION_MATRIX[role].length);
  });
});
