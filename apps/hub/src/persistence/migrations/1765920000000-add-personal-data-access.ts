import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who looked at whose personal data, when and why (PIPL): every reveal of a caller's full number, every
 * export of a case's timeline, every read of a worker's track. PostgreSQL refuses UPDATE, DELETE and
 * TRUNCATE on it, so a log entry cannot be taken back by the hub or by anyone with its login.
 *
 * The actor is copied (id, username, role) rather than referenced: the entry must outlive the account.
 */
export class AddPersonalDataAccess1765920000000 implements MigrationInterface {
  name = 'AddPersonalDataAccess1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_access (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        township_id uuid NOT NULL REFERENCES township(id),
        at timestamptz NOT NULL,
        actor_user_id uuid NOT NULL,
        actor_username text NOT NULL,
        actor_role text NOT NULL CHECK (actor_role IN ('operator', 'worker', 'station')),
        action text NOT NULL CHECK (action IN ('reveal_phone', 'export_timeline', 'read_track')),
        subject_kind text NOT NULL CHECK (subject_kind IN ('incident', 'report', 'worker')),
        subject_id uuid NOT NULL,
        reason text,
        remote_address text,
        request_id text,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX personal_data_access_township_idx ON personal_data_access (township_id, id DESC);
      CREATE INDEX personal_data_access_subject_idx ON personal_data_access (subject_id, id DESC);
      CREATE FUNCTION personal_data_access_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'personal_data_access 只能追加，拒绝 % / personal_data_access is append-only: % refused', TG_OP, TG_OP
          USING ERRCODE = 'restrict_violation';
      END;
      $$;
      CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON personal_data_access
        FOR EACH ROW EXECUTE FUNCTION personal_data_access_refuse_change();
      CREATE TRIGGER personal_data_access_no_truncate BEFORE TRUNCATE ON personal_data_access
        FOR EACH STATEMENT EXECUTE FUNCTION personal_data_access_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE personal_data_access;
      DROP FUNCTION personal_data_access_refuse_change();
    `);
  }
}
