import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Video patrol (#5): the township's cameras, every alert they sent, the storms those alerts make (one
 * camera repeating one type is one case with a counter), and each township's per-type policy where it
 * differs from the hub's defaults (libs/domain/src/cameras/alert-policy.ts). PostgreSQL itself allows
 * one open storm per camera and type, so two alerts at once can never open two cases.
 */
export class AddCameras1765200000000 implements MigrationInterface {
  name = 'AddCameras1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE camera (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        code text NOT NULL,
        name text NOT NULL,
        -- WGS-84, whatever system the operator declared.
        lng double precision NOT NULL,
        lat double precision NOT NULL,
        grid_id uuid REFERENCES grid(id),
        owner text NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT true,
        -- Its cases an operator dismissed as false alarms (驳回): the measure of a noisy camera.
        dismissals integer NOT NULL DEFAULT 0 CHECK (dismissals >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (township_id, code)
      );

      CREATE TABLE camera_type_policy (
        township_id uuid NOT NULL REFERENCES township(id),
        alert_type text NOT NULL CHECK (alert_type IN ('smoke','fire','crowd','fight','illegal_parking','street_vending','litter','water')),
        threshold double precision NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
        mode text NOT NULL CHECK (mode IN ('auto','confirm')),
        storm_window_seconds integer NOT NULL DEFAULT 600 CHECK (storm_window_seconds BETWEEN 60 AND 86400),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (township_id, alert_type)
      );

      CREATE TABLE camera_storm (
        id bigserial PRIMARY KEY,
        township_id uuid NOT NULL REFERENCES township(id),
        camera_id uuid NOT NULL REFERENCES camera(id),
        alert_type text NOT NULL,
        -- NULL while the alert that opened the storm is making its case.
        incident_id uuid REFERENCES incident(id),
        opened_at timestamptz NOT NULL,
        last_alert_at timestamptz NOT NULL,
        alert_count integer NOT NULL DEFAULT 0 CHECK (alert_count >= 0),
        last_snapshot_ref text,
        closed_at timestamptz,
        -- quiet: the camera was silent past the window; closed: its case closed; dismissed: 驳回; refused: its case could not be made.
        close_reason text CHECK (close_reason IN ('quiet','closed','dismissed','refused'))
      );
      -- The storm rule's guarantee: at most one open storm per camera and type, whoever asks at once.
      CREATE UNIQUE INDEX camera_storm_one_open ON camera_storm (camera_id, alert_type) WHERE closed_at IS NULL;
      CREATE INDEX camera_storm_incident_idx ON camera_storm (incident_id) WHERE incident_id IS NOT NULL;
      -- A camera's record (its cases) in the registry's list.
      CREATE INDEX camera_storm_camera_idx ON camera_storm (camera_id, incident_id);

      CREATE TABLE camera_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        camera_id uuid NOT NULL REFERENCES camera(id),
        -- The platform's alert id (an operator's raise gets one made up); the same id twice is one alert.
        alert_ref text NOT NULL,
        alert_type text NOT NULL,
        confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        -- When the camera saw it, and when the hub received it (storm windows run on the hub's clock).
        seen_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('opened','linked','merged','below_threshold')),
        -- Counted on a case's alert count (every alert above the threshold).
        counted boolean NOT NULL,
        storm_id bigint REFERENCES camera_storm(id),
        incident_id uuid REFERENCES incident(id),
        snapshot_ref text,
        clip_ref text,
        -- The operator who raised it from the feed; NULL for the platform's alerts.
        raised_by text,
        UNIQUE (camera_id, alert_ref)
      );
      CREATE INDEX camera_alert_camera_idx ON camera_alert (camera_id, received_at DESC);
      CREATE INDEX camera_alert_storm_idx ON camera_alert (storm_id) WHERE storm_id IS NOT NULL;
      CREATE INDEX camera_alert_incident_idx ON camera_alert (incident_id) WHERE incident_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE camera_alert, camera_storm, camera_type_policy, camera`);
  }
}
