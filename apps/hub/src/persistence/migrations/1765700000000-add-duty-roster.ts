import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duty rosters (排班): each shift keeps the Shanghai date and wall times people entered and the two
 * instants they mean, so "in force now" and "shifts between two dates" are index range scans. Every
 * change of a worker's duty (the roster as time passes, an override, a rostered worker's own switch)
 * is one row of duty_change: who, when, why, from → to.
 */
export class AddDutyRoster1765700000000 implements MigrationInterface {
  name = 'AddDutyRoster1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE duty_shift (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        worker_id uuid NOT NULL REFERENCES worker(id),
        shift_date date NOT NULL,
        start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        end_time text NOT NULL CHECK (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours')
      );
      CREATE INDEX duty_shift_township_date_idx ON duty_shift (township_id, shift_date);
      CREATE INDEX duty_shift_worker_starts_idx ON duty_shift (worker_id, starts_at);
      CREATE TABLE duty_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        worker_id uuid NOT NULL REFERENCES worker(id),
        kind text NOT NULL CHECK (kind IN ('roster','override','manual')),
        at timestamptz NOT NULL,
        from_on_duty boolean NOT NULL,
        to_on_duty boolean NOT NULL,
        until timestamptz,
        by_user_id uuid,
        by_name text NOT NULL,
        reason text NOT NULL DEFAULT '',
        note text
      );
      CREATE INDEX duty_change_worker_at_idx ON duty_change (worker_id, at DESC);
      CREATE INDEX duty_change_township_at_idx ON duty_change (township_id, at DESC);
      CREATE INDEX duty_change_override_idx ON duty_change (worker_id, at DESC) WHERE kind = 'override';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE duty_change;
      DROP TABLE duty_shift;
    `);
  }
}
