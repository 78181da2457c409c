import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The responsibility table (权责清单) per township and category; how workers travel and rest;
 * the dispatch recommendation kept on each incident so the operator can see why.
 */
export class AddResponsibilityAndRecommendation1763800000000 implements MigrationInterface {
  name = 'AddResponsibilityAndRecommendation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE responsibility (
        township_id uuid NOT NULL REFERENCES township(id),
        category text NOT NULL,
        teams text[] NOT NULL DEFAULT '{}',
        priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
        dispatch_mode text NOT NULL DEFAULT 'auto' CHECK (dispatch_mode IN ('auto', 'confirm')),
        police_only boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (township_id, category)
      );
      ALTER TABLE worker ADD COLUMN travel_modes text[] NOT NULL DEFAULT '{foot,ebike}';
      ALTER TABLE worker ADD COLUMN rest_until timestamptz;
      ALTER TABLE incident ADD COLUMN priority smallint NOT NULL DEFAULT 2;
      ALTER TABLE incident ADD COLUMN awaiting_confirmation boolean NOT NULL DEFAULT false;
      ALTER TABLE incident ADD COLUMN arrival_at_risk boolean NOT NULL DEFAULT false;
      ALTER TABLE incident ADD COLUMN recommendation jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incident DROP COLUMN recommendation, DROP COLUMN arrival_at_risk, DROP COLUMN awaiting_confirmation, DROP COLUMN priority;
      ALTER TABLE worker DROP COLUMN rest_until, DROP COLUMN travel_modes;
      DROP TABLE responsibility;
    `);
  }
}
