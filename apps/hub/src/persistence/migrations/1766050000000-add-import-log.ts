import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who onboarded what (docs/onboarding.md): every import through the admin API or the CLI, applied,
 * refused or dry run, with its report. An applied import's row commits with its changes.
 */
export class AddImportLog1766050000000 implements MigrationInterface {
  name = 'AddImportLog1766050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        township_code text NOT NULL,
        kind text NOT NULL,
        via text NOT NULL CHECK (via IN ('api', 'cli')),
        -- The admin's account through the API; null from the CLI (whoever holds DATABASE_URL).
        actor_user_id uuid REFERENCES app_user(id),
        outcome text NOT NULL CHECK (outcome IN ('applied', 'refused', 'dry_run')),
        report jsonb NOT NULL
      );
      CREATE INDEX import_log_township_idx ON import_log (township_code, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE import_log');
  }
}
