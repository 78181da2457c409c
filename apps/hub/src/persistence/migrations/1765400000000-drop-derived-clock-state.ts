import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's clock statuses and next clock instant were stored so a sweep could find due clocks; the
 * durable timers (case_timer) do that now, and the statuses are computed from the case whenever it is
 * viewed. Nothing read these columns, yet every change to a case rewrote them (and their index).
 */
export class DropDerivedClockState1765400000000 implements MigrationInterface {
  name = 'DropDerivedClockState1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX incident_next_clock_idx;
      ALTER TABLE incident DROP COLUMN next_clock_at, DROP COLUMN clock_statuses;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incident ADD COLUMN clock_statuses jsonb NOT NULL DEFAULT '{}', ADD COLUMN next_clock_at timestamptz;
      CREATE INDEX incident_next_clock_idx ON incident (next_clock_at) WHERE next_clock_at IS NOT NULL;
    `);
  }
}
