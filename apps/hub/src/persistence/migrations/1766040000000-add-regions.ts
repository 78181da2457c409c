import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regions above townships (#13, docs/regions.md): a city, its districts, or whatever levels a
 * deployment has, as rows of one self-referencing table, so the hierarchy is data. A township may lie
 * in one region. Accounts of a region (admin: 区/市管理员; district: 区/市指挥中心) belong to the region,
 * not to a township: app_user.township_id becomes NULL-able, and a CHECK ties each role to its kind of
 * home. Their sessions likewise.
 */
export class AddRegions1766040000000 implements MigrationInterface {
  name = 'AddRegions1766040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        -- 'city', 'district' or a free label: the levels are the deployment's, not the code's.
        kind text NOT NULL,
        parent_id uuid REFERENCES region(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS DISTINCT FROM id)
      );
      CREATE INDEX region_parent_idx ON region (parent_id);
      ALTER TABLE township ADD COLUMN region_id uuid REFERENCES region(id);
      CREATE INDEX township_region_idx ON township (region_id);

      ALTER TABLE app_user ALTER COLUMN township_id DROP NOT NULL,
        ADD COLUMN region_id uuid REFERENCES region(id),
        DROP CONSTRAINT app_user_role_check,
        ADD CONSTRAINT app_user_role_check CHECK (role IN ('operator', 'worker', 'station', 'leader', 'admin', 'district')),
        ADD CONSTRAINT app_user_home_check CHECK (
          CASE WHEN role IN ('admin', 'district') THEN region_id IS NOT NULL AND township_id IS NULL
               ELSE township_id IS NOT NULL AND region_id IS NULL END
        );
      ALTER TABLE auth_session ALTER COLUMN township_id DROP NOT NULL,
        ADD COLUMN region_id uuid REFERENCES region(id),
        ADD CONSTRAINT auth_session_home_check CHECK (township_id IS NOT NULL OR region_id IS NOT NULL);
      ALTER TABLE personal_data_access DROP CONSTRAINT personal_data_access_actor_role_check,
        ADD CONSTRAINT personal_data_access_actor_role_check CHECK (actor_role IN ('operator', 'worker', 'station', 'leader', 'admin', 'district'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Region accounts go with their regions (their sessions cascade); the append-only access log keeps
    // its entries, so its check comes back NOT VALID, as in AddLeaderRole's down.
    await q.query(`
      DELETE FROM auth_session WHERE township_id IS NULL;
      DELETE FROM app_user WHERE role IN ('admin', 'district');
      ALTER TABLE personal_data_access DROP CONSTRAINT personal_data_access_actor_role_check,
        ADD CONSTRAINT personal_data_access_actor_role_check CHECK (actor_role IN ('operator', 'worker', 'station', 'leader')) NOT VALID;
      ALTER TABLE auth_session DROP CONSTRAINT auth_session_home_check, DROP COLUMN region_id, ALTER COLUMN township_id SET NOT NULL;
      ALTER TABLE app_user DROP CONSTRAINT app_user_home_check,
        DROP CONSTRAINT app_user_role_check,
        ADD CONSTRAINT app_user_role_check CHECK (role IN ('operator', 'worker', 'station', 'leader')),
        DROP COLUMN region_id,
        ALTER COLUMN township_id SET NOT NULL;
      ALTER TABLE township DROP COLUMN region_id;
      DROP TABLE region;
    `);
  }
}
