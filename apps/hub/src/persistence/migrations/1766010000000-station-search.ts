import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The station's search over its history (#12): its cases newest first a page at a time, and
 * substring search on the case number (also of linked reports), address and caller's name (pg_trgm,
 * created with the gazetteer). On 200,000 cases (50,000 of one station) a search that finds little
 * read every case of the station (~370 ms); with these indexes the planner reads the trigram indexes
 * for rare text and walks the station's newest cases for common text, each well under 100 ms.
 */
export class StationSearch1766010000000 implements MigrationInterface {
  name = 'StationSearch1766010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX incident_station_received_idx ON incident (station_id, received_at DESC, id DESC) WHERE station_id IS NOT NULL;
      CREATE INDEX incident_case_no_trgm_idx ON incident USING gin (case_no gin_trgm_ops);
      CREATE INDEX incident_address_trgm_idx ON incident USING gin (address gin_trgm_ops);
      CREATE INDEX incident_caller_name_trgm_idx ON incident USING gin (caller_name gin_trgm_ops);
      -- The numbers of reports linked to a case find the case too (an origin report's number is its case's).
      CREATE INDEX incident_report_linked_case_no_trgm_idx ON incident_report USING gin (case_no gin_trgm_ops) WHERE role = 'linked';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX incident_report_linked_case_no_trgm_idx;
      DROP INDEX incident_caller_name_trgm_idx;
      DROP INDEX incident_address_trgm_idx;
      DROP INDEX incident_case_no_trgm_idx;
      DROP INDEX incident_station_received_idx;
    `);
  }
}
