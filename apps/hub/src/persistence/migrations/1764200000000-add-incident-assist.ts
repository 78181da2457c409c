import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A second (third…) worker an operator adds to a case: busy with it until the case closes. */
export class AddIncidentAssist1764200000000 implements MigrationInterface {
  name = 'AddIncidentAssist1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_assist (
        incident_id uuid NOT NULL REFERENCES incident(id),
        worker_id uuid NOT NULL REFERENCES worker(id),
        township_id uuid NOT NULL,
        added_at timestamptz NOT NULL,
        added_by text NOT NULL,
        released_at timestamptz,
        PRIMARY KEY (incident_id, worker_id)
      );
      -- A worker assists on one open case at a time.
      CREATE UNIQUE INDEX incident_assist_one_open_per_worker ON incident_assist (worker_id) WHERE released_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE incident_assist');
  }
}
