import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reaching a worker whose screen is off: every planned attempt of an offer's notifier chain
 * (page_attempt), the township's chains (notify_settings), and when a phone page last went away
 * (worker.offline_at; last_seen_at came with the delivery log).
 */
export class AddPaging1765600000000 implements MigrationInterface {
  name = 'AddPaging1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE page_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        offer_id uuid NOT NULL REFERENCES offer(id),
        incident_id uuid NOT NULL REFERENCES incident(id),
        worker_id uuid NOT NULL REFERENCES worker(id),
        step smallint NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        sent_at timestamptz,
        result_at timestamptz,
        -- The number or user id the attempt went to (voice limits count per number).
        address text,
        provider_ref text,
        detail text,
        -- A send in flight: who claimed it and when (a lease; past it the outcome is unknown).
        claimed_by text,
        claimed_at timestamptz,
        -- When to ask the provider again what became of the send.
        next_check_at timestamptz,
        UNIQUE (offer_id, step)
      );
      CREATE INDEX page_attempt_due_idx ON page_attempt (due_at) WHERE status = 'scheduled';
      CREATE INDEX page_attempt_check_idx ON page_attempt (next_check_at) WHERE next_check_at IS NOT NULL;
      CREATE INDEX page_attempt_sending_idx ON page_attempt (claimed_at) WHERE status = 'sending';
      CREATE INDEX page_attempt_incident_idx ON page_attempt (incident_id);
      CREATE INDEX page_attempt_worker_idx ON page_attempt (worker_id, result_at);
      CREATE INDEX page_attempt_address_idx ON page_attempt (channel, address, sent_at);

      CREATE TABLE notify_settings (
        township_id uuid PRIMARY KEY REFERENCES township(id),
        settings jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );

      ALTER TABLE worker ADD COLUMN offline_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE worker DROP COLUMN offline_at;
      DROP TABLE notify_settings;
      DROP TABLE page_attempt;
    `);
  }
}
