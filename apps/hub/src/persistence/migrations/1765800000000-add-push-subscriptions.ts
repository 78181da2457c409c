import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web Push (浏览器推送): each browser a worker turned push on in, as the Push API hands it out
 * (endpoint and the browser's keys), with when it last took a push and when it last refused one. An
 * endpoint belongs to one browser, so to one worker at a time: a second worker signing in on the same
 * phone takes it over. A push service's 404/410 (the subscription is gone) deletes the row.
 */
export class AddPushSubscriptions1765800000000 implements MigrationInterface {
  name = 'AddPushSubscriptions1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE push_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        worker_id uuid NOT NULL REFERENCES worker(id) ON DELETE CASCADE,
        endpoint text NOT NULL UNIQUE,
        p256dh text NOT NULL,
        auth text NOT NULL,
        created_at timestamptz NOT NULL,
        last_success_at timestamptz,
        failed_at timestamptz,
        failure text
      );
      CREATE INDEX push_subscription_worker_idx ON push_subscription (worker_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE push_subscription;');
  }
}
