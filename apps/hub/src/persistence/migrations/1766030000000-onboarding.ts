import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Micro-grids (微网格), imported with the grid layer (docs/onboarding.md). A table of their own rather
 * than more rows in `grid`: cases, cameras and places are placed in the first grid holding their point,
 * and a micro-grid inside its grid would make that choice ambiguous. Each names its grid.
 */
export class Onboarding1766030000000 implements MigrationInterface {
  name = 'Onboarding1766030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE micro_grid (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        grid_id uuid NOT NULL REFERENCES grid(id),
        code text NOT NULL,
        name text NOT NULL,
        -- WGS-84 rings, converted once at import from the system the file declared.
        polygon jsonb NOT NULL,
        leader_worker_id uuid REFERENCES worker(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (township_id, code)
      );
      CREATE INDEX micro_grid_grid_idx ON micro_grid (grid_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE micro_grid');
  }
}
