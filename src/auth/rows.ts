import type { AuthUser } from './types';

/** Column list and mapping for the user half of the backends' single-query lookups. */
export const USER_COLUMNS =
  'u.id as user_id, u.username, u.is_active, u.is_staff, u.is_superuser, u.date_joined, u.last_login';

export interface UserRow {
  user_id: number | null;
  username: string | null;
  is_active: boolean | null;
  is_staff: boolean | null;
  is_superuser: boolean | null;
  date_joined: string | Date | null;
  last_login: string | Date | null;
}

export const toDate = (value: string | Date): Date =>
  value instanceof Date ? value : new Date(value);

export function userFromRow(row: UserRow): AuthUser | null {
  if (row.user_id === null || row.username === null) return null;
  return {
    id: row.user_id,
    username: row.username,
    isActive: row.is_active === true,
    isStaff: row.is_staff === true,
    isSuperuser: row.is_superuser === true,
    dateJoined: toDate(row.date_joined ?? new Date(0)),
    lastLogin: row.last_login === null ? null : toDate(row.last_login),
  };
}
