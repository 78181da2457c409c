import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * New cases waiting for their review roll-up (review/review-roller.ts). A case's receipt used to refresh
 * review_daily in the intake transaction, and every intake of the hour, source and category upserted the
 * same rows and queued on them until commit; now the receipt leaves a row here in its own statement and
 * the roller rolls the new cases up in batches after commit. The rows are durable: a crash rolls them up
 * at the next start.
 */
export class AddReviewPending1766060000000 implements MigrationInterface {
  name = 'AddReviewPending1766060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE review_pending (incident_id uuid PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE review_pending');
  }
}
