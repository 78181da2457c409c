import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The township address gazetteer (标准地址): address points and named places, found by fuzzy text.
 * pg_trgm ships with PostgreSQL's contrib and is loaded into the embedded PGlite (embedded-postgres.ts).
 */
export class AddGazetteer1765000000000 implements MigrationInterface {
  name = 'AddGazetteer1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE TABLE place (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        kind text NOT NULL CHECK (kind IN ('address','named_place')),
        -- '' rather than NULL, so that the unique key below also holds for a bare address point.
        name text NOT NULL DEFAULT '',
        address text NOT NULL DEFAULT '',
        aliases text[] NOT NULL DEFAULT '{}',
        grid_id uuid REFERENCES grid(id),
        -- WGS-84 like every point the hub stores, converted once at import from what the sender declared.
        lng double precision NOT NULL,
        lat double precision NOT NULL,
        source_crs text NOT NULL CHECK (source_crs IN ('WGS84','GCJ02','BD09')),
        source text NOT NULL,
        -- Name, address and aliases as match keys (placeKey in libs/domain), and the same joined for the index.
        search_terms text[] NOT NULL,
        search_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (name <> '' OR address <> ''),
        -- The identity of a place: importing the same file again updates rows instead of adding them.
        UNIQUE (township_id, kind, name, address)
      );
      CREATE INDEX place_search_trgm_idx ON place USING gin (search_text gin_trgm_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The extension stays: other schemas in the same database may use it.
    await q.query('DROP TABLE place');
  }
}
