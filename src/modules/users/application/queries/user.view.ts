import type { Role } from '../../../../shared/domain/actor';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const USER_VIEW_COLUMNS = `id, email, full_name AS "fullName", role, active,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", version`;
