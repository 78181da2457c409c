import type { Role, SessionUser } from '@xiaonao/contracts';

/** An app_user row as the sign-in and refresh queries read it. */
export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  township_id: string;
  worker_id: string | null;
  station_id: string | null;
}

export function sessionUserOf(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    townshipId: row.township_id,
    workerId: row.worker_id,
    stationId: row.station_id,
  };
}
