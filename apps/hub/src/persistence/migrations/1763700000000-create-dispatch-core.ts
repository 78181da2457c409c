import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Townships, their grids, stations, workers and accounts; incidents with offers, timeline and outbox. */
export class CreateDispatchCore1763700000000 implements MigrationInterface {
  name = 'CreateDispatchCore1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE township (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        center_lng double precision NOT NULL,
        center_lat double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE grid (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('market_town','village','dedicated')),
        polygon jsonb NOT NULL,
        UNIQUE (township_id, code)
      );
      CREATE TABLE police_station (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        code text NOT NULL,
        name text NOT NULL,
        UNIQUE (township_id, code)
      );
      CREATE TABLE worker (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        code text NOT NULL,
        name text NOT NULL,
        phone text NOT NULL,
        team text NOT NULL,
        grid_id uuid REFERENCES grid(id),
        on_duty boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'available' CHECK (status IN ('available','offered','busy')),
        lng double precision,
        lat double precision,
        position_at timestamptz,
        active_incident_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (township_id, code)
      );
      CREATE INDEX worker_township_idx ON worker (township_id);
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('operator','worker','station')),
        worker_id uuid REFERENCES worker(id),
        station_id uuid REFERENCES police_station(id)
      );
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        case_no text NOT NULL,
        source text NOT NULL,
        received_at timestamptz NOT NULL,
        caller_name text NOT NULL,
        caller_phone text NOT NULL,
        address text NOT NULL,
        lng double precision NOT NULL,
        lat double precision NOT NULL,
        category text NOT NULL,
        description text NOT NULL,
        station_id uuid REFERENCES police_station(id),
        grid_id uuid REFERENCES grid(id),
        state text NOT NULL CHECK (state IN ('received','offered','accepted','contacted','arrived','closed')),
        worker_id uuid REFERENCES worker(id),
        accepted_at timestamptz,
        contacted_at timestamptz,
        arrived_at timestamptz,
        closed_at timestamptz,
        result text,
        clock_statuses jsonb NOT NULL,
        next_clock_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (township_id, case_no)
      );
      CREATE INDEX incident_township_state_idx ON incident (township_id, state);
      CREATE INDEX incident_station_idx ON incident (station_id);
      CREATE INDEX incident_next_clock_idx ON incident (next_clock_at) WHERE next_clock_at IS NOT NULL;
      CREATE INDEX incident_waiting_idx ON incident (received_at) WHERE state = 'received';
      CREATE TABLE offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        township_id uuid NOT NULL REFERENCES township(id),
        incident_id uuid NOT NULL REFERENCES incident(id),
        worker_id uuid NOT NULL REFERENCES worker(id),
        offered_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('pending','accepted','declined','expired','withdrawn')),
        answered_at timestamptz,
        reason text,
        distance_m double precision
      );
      -- One open offer per case: a second concurrent dispatch of the same case fails instead of double-offering.
      CREATE UNIQUE INDEX offer_one_pending_per_incident ON offer (incident_id) WHERE outcome = 'pending';
      CREATE INDEX offer_pending_expiry_idx ON offer (expires_at) WHERE outcome = 'pending';
      CREATE INDEX offer_worker_idx ON offer (worker_id, outcome);
      CREATE TABLE incident_event (
        id bigserial PRIMARY KEY,
        township_id uuid NOT NULL REFERENCES township(id),
        incident_id uuid NOT NULL REFERENCES incident(id),
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        worker_id uuid REFERENCES worker(id),
        lng double precision,
        lat double precision,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX incident_event_incident_idx ON incident_event (incident_id, id);
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        township_id uuid NOT NULL,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox, incident_event, offer, incident, api_key, app_user, worker, police_station, grid, township`);
  }
}
