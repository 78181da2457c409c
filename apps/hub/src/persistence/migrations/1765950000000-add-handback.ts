import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-backs (#11): a case returned to the transferring police station (退回公安) or handed to 12345
 * (移交12345), with why, by whom, and the station's 签收; and the responsibility table's rule on who may
 * return each category to the police.
 */
export class AddHandback1765950000000 implements MigrationInterface {
  name = 'AddHandback1765950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_handback (
        incident_id uuid PRIMARY KEY REFERENCES incident(id),
        township_id uuid NOT NULL REFERENCES township(id),
        target text NOT NULL CHECK (target IN ('police', '12345')),
        -- The transferring station (police only), kept as it was when the case went back.
        station_id uuid REFERENCES police_station(id),
        reason_category text NOT NULL,
        reason text NOT NULL,
        notes text NOT NULL DEFAULT '',
        by_role text NOT NULL CHECK (by_role IN ('operator', 'worker')),
        by_id text NOT NULL,
        by_name text NOT NULL,
        at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by text,
        CHECK (target = 'police' OR acknowledged_at IS NULL),
        CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      );
      -- 「退回我所」: a station's returned cases, newest first.
      CREATE INDEX incident_handback_station_idx ON incident_handback (station_id, at DESC) WHERE target = 'police';

      ALTER TABLE responsibility ADD COLUMN return_to_police text NOT NULL DEFAULT 'operator'
        CHECK (return_to_police IN ('none', 'operator', 'worker_or_operator'));
      -- What may turn out a police matter after all may be returned by the worker on site too (see defaultReturnToPolice).
      UPDATE responsibility SET return_to_police = 'worker_or_operator' WHERE category IN ('dispute', 'other', 'theft', 'assault', 'traffic_accident');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE responsibility DROP COLUMN return_to_police;
      DROP TABLE incident_handback;
    `);
  }
}
