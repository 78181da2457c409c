/**
 * Worker accounts that cannot sign in and an open session each, written straight into the database:
 * signing thousands of phones in would be minutes of argon2, which no bench here measures. The hubs
 * check the token and its session at the handshake as always.
 */
import type { Client } from 'pg';
import type { SessionUser } from '@xiaonao/contracts';

/** Inserts `users` (role worker) with a 12-hour session each; answers each user's session id. */
export async function insertWorkerSessions(client: Client, users: readonly SessionUser[]): Promise<Map<string, string>> {
  await client.query(
    `INSERT INTO app_user (id, township_id, username, password_hash, display_name, role, worker_id)
     SELECT id, township_id, username, '!', display_name, 'worker', worker_id FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[]) AS u(id, township_id, username, display_name, worker_id)`,
    [users.map((u) => u.id), users.map((u) => u.townshipId), users.map((u) => u.username), users.map((u) => u.displayName), users.map((u) => u.workerId)],
  );
  const { rows } = await client.query<{ id: string; user_id: string }>(
    `INSERT INTO auth_session (user_id, township_id, created_at, last_used_at, expires_at)
     SELECT user_id, township_id, now(), now(), now() + interval '12 hours' FROM unnest($1::uuid[], $2::uuid[]) AS s(user_id, township_id) RETURNING id, user_id`,
    [users.map((u) => u.id), users.map((u) => u.townshipId)],
  );
  return new Map(rows.map((r) => [r.user_id, r.id]));
}
