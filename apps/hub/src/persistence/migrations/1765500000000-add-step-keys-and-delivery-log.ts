import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The field end of the loop.
 * - step_request: each worker step's Idempotency-Key, written in the step's own transaction, with the
 *   answer it got, so a resend from the phone's offline queue is applied once and answered the same.
 * - outbox.seq and outbox.audience: the outbox becomes the delivery log pages catch up from after a
 *   drop. `seq` is given once a row has committed, before it is first published, and kept through every
 *   resend (outbox.ts; it was first given at relay time, which a relay cut off by NATS could reuse), one
 *   relay at a time (outbox_relay's row lock) publishing in seq order; `audience` holds the socket rooms.
 * - worker.last_seen_at and the workers' DingTalk/WeCom user ids: who can be reached, and how.
 */
export class AddStepKeysAndDeliveryLog1765500000000 implements MigrationInterface {
  name = 'AddStepKeysAndDeliveryLog1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE step_request (
        worker_id uuid NOT NULL REFERENCES worker(id),
        key text NOT NULL,
        step text NOT NULL,
        incident_id uuid,
        fingerprint text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (worker_id, key)
      );
      CREATE INDEX step_request_created_idx ON step_request (created_at);

      ALTER TABLE outbox ADD COLUMN seq bigint, ADD COLUMN audience text[] NOT NULL DEFAULT '{}';
      CREATE UNIQUE INDEX outbox_seq_idx ON outbox (seq) WHERE seq IS NOT NULL;
      CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
      CREATE TABLE outbox_relay (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_seq bigint NOT NULL,
        -- Everything up to here has been pruned: a page asking for less must reload instead.
        pruned_through bigint NOT NULL DEFAULT 0
      );
      INSERT INTO outbox_relay (id, last_seq) VALUES (1, 0);
      -- Rows relayed before this migration keep no place in the log.
      UPDATE outbox SET seq = NULL;

      ALTER TABLE worker ADD COLUMN last_seen_at timestamptz, ADD COLUMN dingtalk_user_id text, ADD COLUMN wecom_user_id text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE worker DROP COLUMN last_seen_at, DROP COLUMN dingtalk_user_id, DROP COLUMN wecom_user_id;
      DROP TABLE outbox_relay;
      DROP INDEX outbox_published_idx;
      DROP INDEX outbox_seq_idx;
      ALTER TABLE outbox DROP COLUMN seq, DROP COLUMN audience;
      DROP TABLE step_request;
    `);
  }
}
