import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database itself refuses a worker two open offers or two active cases, and a case two primary
 * workers: whatever a race in the code, PostgreSQL keeps these true.
 */
export class GuardOneCasePerWorker1763900000000 implements MigrationInterface {
  name = 'GuardOneCasePerWorker1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNIQUE INDEX offer_one_pending_per_worker ON offer (worker_id) WHERE outcome = 'pending';
      CREATE UNIQUE INDEX offer_one_accepted_per_incident ON offer (incident_id) WHERE outcome = 'accepted';
      CREATE UNIQUE INDEX incident_one_active_per_worker ON incident (worker_id) WHERE state IN ('accepted', 'contacted', 'arrived');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX incident_one_active_per_worker, offer_one_accepted_per_incident, offer_one_pending_per_worker');
  }
}
