import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 回访 and 督办 (#11): a township's 回访 rules, one 回访 per resolved case (its call, outcome and
 * decision), one 督办 per unsatisfactory 回访 sent to supervision, and their overdue timers as rows of
 * case_timer (stage 'followup' or 'supervision', kind 'due'), so they fire exactly once like the 1-3-8 clocks.
 */
export class AddFollowup1765960000000 implements MigrationInterface {
  name = 'AddFollowup1765960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE township_followup_settings (
        township_id uuid PRIMARY KEY REFERENCES township(id),
        policy text NOT NULL CHECK (policy IN ('always', 'sample', 'categories')),
        sample_rate double precision NOT NULL CHECK (sample_rate >= 0 AND sample_rate <= 1),
        categories text[] NOT NULL DEFAULT '{}',
        due_hours integer NOT NULL CHECK (due_hours BETWEEN 1 AND 720),
        grid_leader_may_record boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL UNIQUE REFERENCES incident(id),
        township_id uuid NOT NULL REFERENCES township(id),
        status text NOT NULL CHECK (status IN ('scheduled', 'overdue', 'recorded')),
        scheduled_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        overdue_at timestamptz,
        -- Calls that did not reach the caller.
        attempts integer NOT NULL DEFAULT 0,
        reached boolean,
        satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'not_satisfied')),
        solved boolean,
        notes text NOT NULL DEFAULT '',
        decision text CHECK (decision IN ('sign_off', 'reopen', 'supervise')),
        recorded_at timestamptz,
        recorded_by text,
        reopened_as uuid REFERENCES incident(id),
        CHECK ((status = 'recorded') = (recorded_at IS NOT NULL AND decision IS NOT NULL)),
        CHECK ((decision = 'reopen') = (reopened_as IS NOT NULL))
      );
      CREATE INDEX follow_up_open_idx ON follow_up (township_id, due_at) WHERE status <> 'recorded';

      CREATE TABLE supervision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        follow_up_id uuid NOT NULL UNIQUE REFERENCES follow_up(id),
        incident_id uuid NOT NULL UNIQUE REFERENCES incident(id),
        township_id uuid NOT NULL REFERENCES township(id),
        status text NOT NULL CHECK (status IN ('open', 'overdue', 'resolved')),
        deadline timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        opened_by text NOT NULL,
        notes text NOT NULL DEFAULT '',
        overdue_at timestamptz,
        resolved_at timestamptz,
        resolved_by text,
        resolution text,
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
      );
      CREATE INDEX supervision_open_idx ON supervision (township_id, deadline) WHERE status <> 'resolved';

      ALTER TABLE case_timer
        DROP CONSTRAINT case_timer_stage_check,
        ADD CONSTRAINT case_timer_stage_check CHECK (stage IN ('accept', 'contact', 'arrive', 'followup', 'supervision')),
        DROP CONSTRAINT case_timer_kind_check,
        ADD CONSTRAINT case_timer_kind_check CHECK (kind IN ('warn', 'breach', 'due')),
        ADD CONSTRAINT case_timer_loop_kind CHECK ((stage IN ('followup', 'supervision')) = (kind = 'due'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM case_timer WHERE stage IN ('followup', 'supervision');
      ALTER TABLE case_timer
        DROP CONSTRAINT case_timer_loop_kind,
        DROP CONSTRAINT case_timer_kind_check,
        ADD CONSTRAINT case_timer_kind_check CHECK (kind IN ('warn', 'breach')),
        DROP CONSTRAINT case_timer_stage_check,
        ADD CONSTRAINT case_timer_stage_check CHECK (stage IN ('accept', 'contact', 'arrive'));
      DROP TABLE supervision, follow_up, township_followup_settings;
    `);
  }
}
