import type { Role } from '../domain/actor';

/**
 * Who may do what: the one permission matrix. Every protected route names one action;
 * the permissions guard allows it when the caller's role has that action here.
 * `test/e2e/permissions.e2e-spec.ts` and `permission-matrix.spec.ts` check it cell by cell.
 */
export const ACTIONS = [
  'users.read',
  'users.write',
  'clients.read',
  'clients.write',
  'clients.read-pii',
  'clients.merge',
  'clients.import',
  'applications.read',
  'applications.write',
  'orders.read',
  'orders.write',
  'orders.force',
  'documents.read',
  'documents.write',
  'templates.read',
  'templates.write',
  'settings.read',
  'settings.write',
  'finance.read',
  'finance.write',
  'reports.read',
  'exports.read',
  'integrations.read',
  'integrations.write',
  'audit.read',
  'outbox.manage',
  'privacy.read',
  'privacy.write',
  'privacy.export',
  'privacy.destroy',
] as const;

export type Action = (typeof ACTIONS)[number];

const ALL: readonly Action[] = ACTIONS;

export const PERMISSION_MATRIX: Readonly<Record<Role, readonly Action[]>> = {
  admin: ALL,
  supervisor: [
    'users.read',
    'clients.read',
    'clients.write',
    'clients.read-pii',
    'clients.merge',
    'clients.import',
    'applications.read',
    'applications.write',
    'orders.read',
    'orders.write',
    'orders.force',
    'documents.read',
    'documents.write',
    'templates.read',
    'settings.read',
    'finance.read',
    'reports.read',
    'exports.read',
    'integrations.read',
    'audit.read',
    'privacy.read',
    'privacy.write',
    'privacy.export',
    'privacy.destroy',
  ],
  operator: [
    'clients.read',
    'clients.write',
    'clients.read-pii',
    'clients.import',
    'applications.read',
    'applications.write',
    'orders.read',
    'orders.write',
    'documents.read',
    'documents.write',
    'templates.read',
    'settings.read',
    'finance.read',
  ],
  accountant: [
    'clients.read',
    'applications.read',
    'orders.read',
    'documents.read',
    'documents.write',
    'templates.read',
    'settings.read',
    'finance.read',
    'finance.write',
    'reports.read',
    'exports.read',
  ],
};

export function can(role: string, action: Action): boolean {
  const allowed = (PERMISSION_MATRIX as Record<string, readonly Action[] | undefined>)[role];
  return allowed !== undefined && allowed.includes(action);
}
