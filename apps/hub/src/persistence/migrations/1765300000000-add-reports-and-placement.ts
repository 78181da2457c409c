import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports of one event linked to one incident, and cases placed from an address.
 *
 * incident_report keeps every door's submission (110, camera, operator, patrol); each incident has the
 * report it was made from ('origin') and any that joined it later ('linked'). The door's number is
 * unique per township across reports, so a 110 case number sent again finds its incident whether it
 * made it or joined it. Existing incidents get their origin report here.
 *
 * A case placed from the gazetteer keeps how sure the hub was and whether an operator must confirm
 * the point before dispatch.
 */
export class AddReportsAndPlacement1765300000000 implements MigrationInterface {
  name = 'AddReportsAndPlacement1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incident
        ADD COLUMN placement_confidence double precision CHECK (placement_confidence BETWEEN 0 AND 1),
        ADD COLUMN placement_needs_confirmation boolean NOT NULL DEFAULT false,
        ADD COLUMN placement_name text,
        ADD COLUMN placement_place_id uuid REFERENCES place(id) ON DELETE SET NULL,
        -- A point still to be confirmed always comes with the confidence that asked for it.
        ADD CONSTRAINT incident_placement_confirm_has_confidence CHECK (NOT placement_needs_confirmation OR placement_confidence IS NOT NULL);

      CREATE TABLE incident_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        incident_id uuid NOT NULL REFERENCES incident(id),
        -- The door's number: the 110 case number, a camera alert's, or ZH-/XC- numbers the hub makes.
        case_no text NOT NULL,
        source text NOT NULL CHECK (source IN ('110', 'camera', 'operator', 'patrol')),
        role text NOT NULL CHECK (role IN ('origin', 'linked')),
        received_at timestamptz NOT NULL,
        caller_name text NOT NULL,
        caller_phone text NOT NULL,
        address text NOT NULL,
        lng double precision NOT NULL,
        lat double precision NOT NULL,
        category text NOT NULL,
        description text NOT NULL,
        station_id uuid REFERENCES police_station(id),
        actor text NOT NULL,
        event_source text NOT NULL CHECK (event_source IN ('110', 'camera', 'console', 'phone', 'system', 'positioning')),
        -- How the report's own point was found from its address, if it was.
        placement_confidence double precision CHECK (placement_confidence BETWEEN 0 AND 1),
        placement_name text,
        -- Metres from the incident's site when linked.
        distance_m double precision,
        split_from_incident_id uuid REFERENCES incident(id),
        split_at timestamptz,
        split_by text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (township_id, case_no),
        CHECK ((role = 'linked') = (distance_m IS NOT NULL))
      );
      CREATE INDEX incident_report_incident_idx ON incident_report (incident_id, received_at);
      -- One origin per incident: a split moves a report to a new incident as that incident's origin.
      CREATE UNIQUE INDEX incident_report_one_origin ON incident_report (incident_id) WHERE role = 'origin';

      INSERT INTO incident_report (township_id, incident_id, case_no, source, role, received_at, caller_name, caller_phone, address, lng, lat,
                                   category, description, station_id, actor, event_source)
      SELECT i.township_id, i.id, i.case_no, i.source, 'origin', i.received_at, i.caller_name, i.caller_phone, i.address, i.lng, i.lat,
             i.category, i.description, i.station_id,
             -- The receipt is the case's first event (by id: the hash chain's seq may not exist yet where migrations run out of order).
             COALESCE((SELECT e.actor FROM incident_event e WHERE e.incident_id = i.id ORDER BY e.id LIMIT 1), 'intake'),
             CASE i.source WHEN '110' THEN '110' WHEN 'camera' THEN 'camera' WHEN 'operator' THEN 'console' WHEN 'patrol' THEN 'phone' ELSE 'system' END
      FROM incident i;

      -- Photos apart from the report rows, so that listing reports never reads image bytes.
      CREATE TABLE report_photo (
        report_id uuid PRIMARY KEY REFERENCES incident_report(id),
        township_id uuid NOT NULL REFERENCES township(id),
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        bytes bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 2097152),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- The last number given per township, door and Shanghai day (ZH-20261121-0007).
      CREATE TABLE case_number_counter (
        township_id uuid NOT NULL REFERENCES township(id),
        prefix text NOT NULL,
        day text NOT NULL CHECK (day ~ '^[0-9]{8}$'),
        last integer NOT NULL CHECK (last >= 1),
        PRIMARY KEY (township_id, prefix, day)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE case_number_counter, report_photo, incident_report;
      ALTER TABLE incident DROP CONSTRAINT incident_placement_confirm_has_confidence,
        DROP COLUMN placement_place_id, DROP COLUMN placement_name, DROP COLUMN placement_needs_confirmation, DROP COLUMN placement_confidence;
    `);
  }
}
