import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per category, offers can race: the top N are offered at once and the first to accept wins. A case
 * may then have several open offers, so the one-open-offer-per-case index goes; one per worker stays.
 */
export class AddRaceOffers1764100000000 implements MigrationInterface {
  name = 'AddRaceOffers1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE responsibility ADD COLUMN offer_mode text NOT NULL DEFAULT 'sequential' CHECK (offer_mode IN ('sequential', 'race'));
      ALTER TABLE responsibility ADD COLUMN race_size smallint NOT NULL DEFAULT 3 CHECK (race_size BETWEEN 2 AND 10);
      DROP INDEX offer_one_pending_per_incident;
      CREATE INDEX offer_pending_incident_idx ON offer (incident_id) WHERE outcome = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX offer_pending_incident_idx;
      CREATE UNIQUE INDEX offer_one_pending_per_incident ON offer (incident_id) WHERE outcome = 'pending';
      ALTER TABLE responsibility DROP COLUMN race_size, DROP COLUMN offer_mode;
    `);
  }
}
