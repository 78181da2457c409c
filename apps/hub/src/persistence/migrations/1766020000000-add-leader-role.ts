import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The township leader (镇领导, #12): an account that reads the township's 研判 and case histories and
 * changes nothing. Its role is allowed on accounts, and in the personal-data access log, since a
 * leader's export of a case's timeline is logged like anyone's.
 */
export class AddLeaderRole1766020000000 implements MigrationInterface {
  name = 'AddLeaderRole1766020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check,
        ADD CONSTRAINT app_user_role_check CHECK (role IN ('operator', 'worker', 'station', 'leader'));
      ALTER TABLE personal_data_access DROP CONSTRAINT personal_data_access_actor_role_check,
        ADD CONSTRAINT personal_data_access_actor_role_check CHECK (actor_role IN ('operator', 'worker', 'station', 'leader'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Leaders' accounts go with the role (their sessions cascade); their entries in the access log stay
    // (it is append-only), so its check comes back NOT VALID: older entries kept, new ones checked.
    await q.query(`
      DELETE FROM app_user WHERE role = 'leader';
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check,
        ADD CONSTRAINT app_user_role_check CHECK (role IN ('operator', 'worker', 'station'));
      ALTER TABLE personal_data_access DROP CONSTRAINT personal_data_access_actor_role_check,
        ADD CONSTRAINT personal_data_access_actor_role_check CHECK (actor_role IN ('operator', 'worker', 'station')) NOT VALID;
    `);
  }
}
