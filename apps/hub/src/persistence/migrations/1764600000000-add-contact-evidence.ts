import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact as evidence: every call the worker places from the phone, answered or not, with its time and
 * duration; and on the case the counters the views show (attempts, 联系不上) and how arrival was
 * established — the distance from the worker's fix, a flag when doubtful, and whether the hub
 * detected it from positions.
 */
export class AddContactEvidence1764600000000 implements MigrationInterface {
  name = 'AddContactEvidence1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_attempt (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident(id),
        township_id uuid NOT NULL REFERENCES township(id),
        worker_id uuid NOT NULL REFERENCES worker(id),
        started_at timestamptz NOT NULL,
        answered boolean NOT NULL,
        duration_seconds integer CHECK (duration_seconds >= 0),
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX call_attempt_incident_idx ON call_attempt (incident_id, id);
      ALTER TABLE incident
        ADD COLUMN call_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN unreachable boolean NOT NULL DEFAULT false,
        ADD COLUMN arrival_distance_m double precision,
        ADD COLUMN arrival_flagged boolean NOT NULL DEFAULT false,
        ADD COLUMN arrived_auto boolean NOT NULL DEFAULT false;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incident
        DROP COLUMN arrived_auto,
        DROP COLUMN arrival_flagged,
        DROP COLUMN arrival_distance_m,
        DROP COLUMN unreachable,
        DROP COLUMN call_attempts;
      DROP TABLE call_attempt;
    `);
  }
}
