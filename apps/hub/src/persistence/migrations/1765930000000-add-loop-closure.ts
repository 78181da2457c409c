import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing the loop (#11), the columns every part of it shares:
 * - how a closed case left the township's hands (`closure`: 办结, 已退回公安, 已移交12345, 已排除);
 * - rounds: a case reopened after an unsatisfactory 回访 is a new incident linked to the first;
 * - 销号 (`signed_off_at`): done for good;
 * - which integration (API key) sent each report, so results go back to whoever sent the case;
 * - what each integration is (api_key.kind: 110, 12345, camera, Open311);
 * - the new doors (12345, Open311) and the station as sources of reports and timeline events.
 */
export class AddLoopClosure1765930000000 implements MigrationInterface {
  name = 'AddLoopClosure1765930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incident
        ADD COLUMN closure text CHECK (closure IN ('resolved', 'returned_to_police', 'handed_to_12345', 'dismissed')),
        ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1),
        ADD COLUMN reopened_from uuid REFERENCES incident(id),
        ADD COLUMN signed_off_at timestamptz;
      -- Cases closed before closures were kept: a camera case an operator dismissed says so in its storm.
      UPDATE incident i SET closure = CASE WHEN EXISTS (SELECT 1 FROM camera_storm s WHERE s.incident_id = i.id AND s.close_reason = 'dismissed')
                                           THEN 'dismissed' ELSE 'resolved' END
       WHERE state = 'closed';
      ALTER TABLE incident ADD CONSTRAINT incident_closed_has_closure CHECK ((state = 'closed') = (closure IS NOT NULL));
      CREATE INDEX incident_reopened_from_idx ON incident (reopened_from) WHERE reopened_from IS NOT NULL;

      ALTER TABLE incident_report
        ADD COLUMN integration_id uuid REFERENCES api_key(id) ON DELETE SET NULL,
        DROP CONSTRAINT incident_report_source_check,
        ADD CONSTRAINT incident_report_source_check CHECK (source IN ('110', 'camera', 'operator', 'patrol', '12345', 'open311')),
        DROP CONSTRAINT incident_report_event_source_check,
        ADD CONSTRAINT incident_report_event_source_check CHECK (event_source IN ('110', 'camera', 'console', 'phone', 'system', 'positioning', 'station', '12345', 'open311'));
      CREATE INDEX incident_report_integration_idx ON incident_report (integration_id, incident_id) WHERE integration_id IS NOT NULL;

      ALTER TABLE incident_event
        DROP CONSTRAINT incident_event_source_known,
        ADD CONSTRAINT incident_event_source_known CHECK (source IN ('110', 'camera', 'console', 'phone', 'system', 'positioning', 'station', '12345', 'open311'));

      -- What each integration is: which doors it may use and what goes back to it. Keys so far were 110's.
      ALTER TABLE api_key ADD COLUMN kind text NOT NULL DEFAULT '110' CHECK (kind IN ('110', '12345', 'camera', 'open311'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_key DROP COLUMN kind;
      ALTER TABLE incident_event
        DROP CONSTRAINT incident_event_source_known,
        ADD CONSTRAINT incident_event_source_known CHECK (source IN ('110', 'camera', 'console', 'phone', 'system', 'positioning'));
      DROP INDEX incident_report_integration_idx;
      ALTER TABLE incident_report
        DROP COLUMN integration_id,
        DROP CONSTRAINT incident_report_source_check,
        ADD CONSTRAINT incident_report_source_check CHECK (source IN ('110', 'camera', 'operator', 'patrol')),
        DROP CONSTRAINT incident_report_event_source_check,
        ADD CONSTRAINT incident_report_event_source_check CHECK (event_source IN ('110', 'camera', 'console', 'phone', 'system', 'positioning'));
      DROP INDEX incident_reopened_from_idx;
      ALTER TABLE incident DROP CONSTRAINT incident_closed_has_closure;
      ALTER TABLE incident DROP COLUMN signed_off_at, DROP COLUMN reopened_from, DROP COLUMN round, DROP COLUMN closure;
    `);
  }
}
