import type { Role, SessionUser } from '@xiaonao/contracts';

/** An app_user row as the sign-in and refresh queries read it. */
export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  /** NULL for a region account (admin, district); the migration's CHECK ties it to the role. */
  township_id: string | null;
  region_id: string | null;
  worker_id: string | null;
  station_id: string | null;
}

export function sessionUserOf(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    // '' rather than null keeps every township route's `user.townshipId` a string; those routes refuse region roles (@Roles).
    townshipId: row.township_id ?? '',
    regionId: row.region_id,
    workerId: row.worker_id,
    stationId: row.station_id,
  };
}
