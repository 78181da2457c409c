import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results back to the sender (#11): a feedback subscription per integration (API key) and the feedback
 * events waiting for or done with delivery, one row per event and door (webhook, JetStream). Rows are
 * written by the outbox's tap in the transaction that changed the case, so feedback is exactly as
 * durable as the state it tells of; the delivery service works them off in order per case.
 */
export class AddFeedback1765940000000 implements MigrationInterface {
  name = 'AddFeedback1765940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        api_key_id uuid NOT NULL UNIQUE REFERENCES api_key(id) ON DELETE CASCADE,
        webhook_url text,
        -- Standard Webhooks form, whsec_<base64>: HMAC needs the secret itself, so it is stored as given.
        webhook_secret text CHECK (webhook_secret IS NULL OR webhook_secret ~ '^whsec_[A-Za-z0-9+/=]+$'),
        jetstream boolean NOT NULL DEFAULT false,
        result_codes jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- Camera cases whose camera has one of these owners (camera.owner) feed back here too.
        camera_owners text[] NOT NULL DEFAULT '{}',
        max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
        enabled boolean NOT NULL DEFAULT true,
        -- Set when the hub itself turned the subscription off (the receiver answered 410 Gone).
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (webhook_url IS NULL OR webhook_secret IS NOT NULL)
      );

      CREATE TABLE feedback_event (
        id text NOT NULL,
        door text NOT NULL CHECK (door IN ('webhook', 'jetstream')),
        -- Insertion order: the order a case's events are delivered in.
        seq bigserial NOT NULL,
        township_id uuid NOT NULL REFERENCES township(id),
        subscription_id uuid NOT NULL REFERENCES feedback_subscription(id) ON DELETE CASCADE,
        -- The sender's case (the report): events of one report go out one after the other.
        report_id uuid NOT NULL REFERENCES incident_report(id),
        incident_id uuid NOT NULL REFERENCES incident(id),
        type text NOT NULL,
        case_no text NOT NULL,
        occurred_at timestamptz NOT NULL,
        -- The JSON sent, byte for byte the same on every attempt (the signature covers it).
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        -- A process sending it holds it until then; after a crash another takes it again (at least once).
        lease_until timestamptz,
        last_attempt_at timestamptz,
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        dead_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, door)
      );
      -- The undelivered events of each case, in order: finds a case's head and what waits behind it.
      CREATE INDEX feedback_event_case_idx ON feedback_event (subscription_id, door, report_id, seq) WHERE status <> 'delivered';
      CREATE INDEX feedback_event_due_idx ON feedback_event (next_attempt_at, seq) WHERE status = 'pending';
      CREATE INDEX feedback_event_dead_idx ON feedback_event (township_id, dead_at DESC) WHERE status = 'dead';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE feedback_event, feedback_subscription');
  }
}
