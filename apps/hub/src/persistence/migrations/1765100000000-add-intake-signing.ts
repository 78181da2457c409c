import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signed 110 doors (#5): a signing secret per integration, the signatures already seen (replay
 * guard shared by every hub process), the log of refused requests, and the fingerprint of the request
 * behind each 110 case number (the same number with other content is a conflict).
 */
export class AddIntakeSigning1765100000000 implements MigrationInterface {
  name = 'AddIntakeSigning1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- HMAC needs the secret itself, so it is stored as given (unlike the key, stored as its digest).
      ALTER TABLE api_key ADD COLUMN signing_secret text;
      -- Keys already there get the default the seed gives a key without one: defaultSigningSecret() in
      -- apps/hub/src/auth/request-signature.ts, computed here from the stored digest.
      UPDATE api_key SET signing_secret = encode(sha256(convert_to('xiaonao-signing-v1:' || key_hash, 'UTF8')), 'hex');
      ALTER TABLE api_key ALTER COLUMN signing_secret SET NOT NULL;

      CREATE TABLE intake_signature (
        digest text PRIMARY KEY,
        api_key_id uuid NOT NULL REFERENCES api_key(id) ON DELETE CASCADE,
        -- When the signature's timestamp leaves the window: from then on it is refused as expired anyway.
        expires_at timestamptz NOT NULL,
        -- A JetStream message's stream and sequence: its redelivery is not a replay. NULL over HTTP.
        delivery text,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX intake_signature_expires_idx ON intake_signature (expires_at);

      CREATE TABLE intake_refusal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        -- NULL when the request named no valid API key.
        township_id uuid REFERENCES township(id),
        api_key_id uuid REFERENCES api_key(id) ON DELETE SET NULL,
        integration text,
        door text NOT NULL,
        code text NOT NULL,
        field text,
        case_no text,
        message text NOT NULL,
        remote_address text
      );
      CREATE INDEX intake_refusal_township_at_idx ON intake_refusal (township_id, at DESC);

      -- The canonical 110 request behind each case number (intake-fingerprint.ts): the same number sent
      -- again is a duplicate if its hash matches, else a conflict naming the fields that differ. Kept per
      -- number rather than on the incident, since a 110 report may join another incident (report linking).
      CREATE TABLE intake_fingerprint (
        township_id uuid NOT NULL REFERENCES township(id),
        case_no text NOT NULL,
        intake_hash text NOT NULL,
        facts jsonb NOT NULL,
        incident_id uuid NOT NULL REFERENCES incident(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (township_id, case_no)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE intake_fingerprint;
      DROP TABLE intake_refusal;
      DROP TABLE intake_signature;
      ALTER TABLE api_key DROP COLUMN signing_secret;
    `);
  }
}
