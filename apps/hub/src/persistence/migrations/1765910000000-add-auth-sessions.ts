import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions with rotating refresh tokens, and sign-in protection.
 *
 * - auth_session: one sign-in, until `expires_at` (the shift) unless revoked earlier (signed out, or a
 *   spent refresh token came back: RFC 6819 §5.2.2.3 / OAuth 2.1 reuse detection ends the session).
 * - auth_refresh_token: every refresh token a session was given, by its SHA-256 only. Each refresh
 *   spends one (`rotated_at`) and names its successor (`replaced_by`): the session's rotation chain.
 * - login_guard: consecutive failed sign-ins per username as typed (an unknown name locks like a real
 *   one, so a lock says nothing about which accounts exist) and the lock they caused.
 * - login_event: failed sign-ins, lockouts and refusals, with the address: the audit trail, and the
 *   per-address limit counts the failures here so every hub process agrees. Refusals are recorded once
 *   per address and minute, so a flood of refused requests cannot flood the table.
 */
export class AddAuthSessions1765910000000 implements MigrationInterface {
  name = 'AddAuthSessions1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        township_id uuid NOT NULL REFERENCES township(id),
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('logged_out', 'revoked')),
        ip text,
        user_agent text,
        CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      );
      CREATE INDEX auth_session_user_idx ON auth_session (user_id);
      CREATE INDEX auth_session_expires_idx ON auth_session (expires_at);

      CREATE TABLE auth_refresh_token (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_session(id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL,
        rotated_at timestamptz,
        replaced_by text,
        CHECK ((rotated_at IS NULL) = (replaced_by IS NULL))
      );
      CREATE INDEX auth_refresh_token_session_idx ON auth_refresh_token (session_id);

      CREATE TABLE login_guard (
        username text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures >= 0),
        locked_until timestamptz,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE login_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        username text NOT NULL,
        ip text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('failed', 'locked_out', 'refused_locked', 'refused_rate_limited')),
        user_id uuid REFERENCES app_user(id) ON DELETE SET NULL
      );
      CREATE INDEX login_event_ip_idx ON login_event (ip, at);
      CREATE INDEX login_event_at_idx ON login_event (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_event, login_guard, auth_refresh_token, auth_session;');
  }
}
