import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Categories that may queue: a busy worker can take such a case as their next one (one at most), so a
 * routine case need not wait for someone to become free. And an offer window per category: an urgent
 * category can cascade faster than the township's default.
 */
export class AddQueueAndOfferWindow1764300000000 implements MigrationInterface {
  name = 'AddQueueAndOfferWindow1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE responsibility
        ADD COLUMN queue_when_busy boolean NOT NULL DEFAULT false,
        ADD COLUMN offer_window_seconds integer CHECK (offer_window_seconds BETWEEN 5 AND 600);
      ALTER TABLE worker ADD COLUMN queued_incident_id uuid REFERENCES incident(id);
      ALTER TABLE offer ADD COLUMN queued boolean NOT NULL DEFAULT false;
      ALTER TABLE incident ADD COLUMN queued boolean NOT NULL DEFAULT false;
      -- A queued case is the worker's allowed second case; everything else stays one active case per worker.
      DROP INDEX incident_one_active_per_worker;
      CREATE UNIQUE INDEX incident_one_active_per_worker ON incident (worker_id) WHERE state IN ('accepted', 'contacted', 'arrived') AND NOT queued;
      CREATE UNIQUE INDEX incident_one_queued_per_worker ON incident (worker_id) WHERE state IN ('accepted', 'contacted', 'arrived') AND queued;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX incident_one_queued_per_worker;
      DROP INDEX incident_one_active_per_worker;
      CREATE UNIQUE INDEX incident_one_active_per_worker ON incident (worker_id) WHERE state IN ('accepted', 'contacted', 'arrived');
      ALTER TABLE incident DROP COLUMN queued;
      ALTER TABLE offer DROP COLUMN queued;
      ALTER TABLE worker DROP COLUMN queued_incident_id;
      ALTER TABLE responsibility DROP COLUMN offer_window_seconds, DROP COLUMN queue_when_busy;
    `);
  }
}
