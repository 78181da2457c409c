import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A township's own base map (#12): the tile URL template, its datum, attribution, deepest zoom,
 * subdomains and an optional overlay (天地图's street names). No row: the environment's MAP_TILE_* or OpenStreetMap.
 */
export class AddMapTiles1765990000000 implements MigrationInterface {
  name = 'AddMapTiles1765990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE township_map_tiles (
        township_id uuid PRIMARY KEY REFERENCES township(id),
        url_template text NOT NULL CHECK (url_template ~* '^https?://' AND length(url_template) <= 2000),
        coord_system text NOT NULL CHECK (coord_system IN ('wgs84', 'gcj02')),
        attribution text NOT NULL DEFAULT '' CHECK (length(attribution) <= 300),
        max_zoom integer NOT NULL CHECK (max_zoom BETWEEN 1 AND 22),
        subdomains text NOT NULL DEFAULT '',
        overlay_url_template text NOT NULL DEFAULT '' CHECK (overlay_url_template = '' OR (overlay_url_template ~* '^https?://' AND length(overlay_url_template) <= 2000)),
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE township_map_tiles`);
  }
}
