import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every position fix kept for replay, for a configurable time (TRACK_RETENTION_HOURS). */
export class AddWorkerTrack1764000000000 implements MigrationInterface {
  name = 'AddWorkerTrack1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE worker_track (
        id bigserial PRIMARY KEY,
        township_id uuid NOT NULL,
        worker_id uuid NOT NULL REFERENCES worker(id),
        at timestamptz NOT NULL,
        lng double precision NOT NULL,
        lat double precision NOT NULL,
        accuracy_m real
      );
      CREATE INDEX worker_track_worker_at_idx ON worker_track (worker_id, at);
      CREATE INDEX worker_track_at_idx ON worker_track (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE worker_track');
  }
}
