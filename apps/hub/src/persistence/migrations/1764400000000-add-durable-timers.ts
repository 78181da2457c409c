import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 1-3-8 deadlines as rows: each (case, stage, warn|breach) is claimed once with SKIP LOCKED and
 * marked fired in the same transaction as its effects, so it fires exactly once whatever the number of
 * hub processes or crashes. Also a township's clock rules by category/priority, its escalation
 * chains, the windows a case was given at receipt, and each grid's leader (网格长).
 */
export class AddDurableTimers1764400000000 implements MigrationInterface {
  name = 'AddDurableTimers1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_timer (
        incident_id uuid NOT NULL REFERENCES incident(id),
        stage text NOT NULL CHECK (stage IN ('accept','contact','arrive')),
        kind text NOT NULL CHECK (kind IN ('warn','breach')),
        township_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz,
        -- fired: the warning or breach was raised; moot: the stage was done or the case closed by then.
        outcome text CHECK (outcome IN ('fired','moot')),
        lateness_ms integer,
        fired_by text,
        PRIMARY KEY (incident_id, stage, kind)
      );
      CREATE INDEX case_timer_due_idx ON case_timer (due_at) WHERE fired_at IS NULL;

      CREATE TABLE clock_rule (
        id bigserial PRIMARY KEY,
        township_id uuid NOT NULL REFERENCES township(id),
        category text,
        priority integer CHECK (priority BETWEEN 1 AND 3),
        accept_seconds integer NOT NULL CHECK (accept_seconds > 0),
        contact_seconds integer NOT NULL,
        arrive_seconds integer NOT NULL,
        warn_share double precision NOT NULL CHECK (warn_share > 0 AND warn_share < 1),
        CHECK (contact_seconds >= accept_seconds AND arrive_seconds >= contact_seconds)
      );
      CREATE UNIQUE INDEX clock_rule_one_per_key ON clock_rule (township_id, COALESCE(category, ''), COALESCE(priority, 0));

      CREATE TABLE escalation_chain (
        township_id uuid NOT NULL REFERENCES township(id),
        stage text NOT NULL CHECK (stage IN ('accept','contact','arrive')),
        actions text[] NOT NULL,
        PRIMARY KEY (township_id, stage)
      );

      ALTER TABLE incident ADD COLUMN clock_policy jsonb;
      ALTER TABLE grid ADD COLUMN leader_worker_id uuid REFERENCES worker(id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE grid DROP COLUMN leader_worker_id;
      ALTER TABLE incident DROP COLUMN clock_policy;
      DROP TABLE escalation_chain, clock_rule, case_timer;
    `);
  }
}
