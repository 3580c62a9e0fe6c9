import { isoUtc } from '../../../../shared/database/sql-fragments';
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
  ${isoUtc('created_at')} AS "createdAt",
  ${isoUtc('updated_at')} AS "updatedAt", version`;
