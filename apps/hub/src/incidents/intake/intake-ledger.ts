/** The 110 door's own record: the canonical request behind each case number it took (intake_fingerprint). */
import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../persistence/database';
import type { CanonicalFacts } from './intake-fingerprint';

export interface Fingerprint {
  hash: string;
  facts: CanonicalFacts;
}

@Injectable()
export class IntakeLedger {
  constructor(@Inject(Database) private readonly db: Database) {}

  async fingerprint(townshipId: string, caseNo: string): Promise<Fingerprint | null> {
    const [row] = await this.db.query<{ intake_hash: string; facts: CanonicalFacts }>('SELECT intake_hash, facts FROM intake_fingerprint WHERE township_id = $1 AND case_no = $2', [
      townshipId,
      caseNo,
    ]);
    return row ? { hash: row.intake_hash, facts: row.facts } : null;
  }

  /**
   * Written after IncidentCreator's transaction (the one way a case is made, kept door-neutral): a
   * resend arriving in between finds none and is judged against the incident instead.
   */
  async remember(townshipId: string, caseNo: string, incidentId: string, f: Fingerprint): Promise<void> {
    await this.db.query(
      `INSERT INTO intake_fingerprint (township_id, case_no, intake_hash, facts, incident_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (township_id, case_no) DO NOTHING`,
      [townshipId, caseNo, f.hash, JSON.stringify(f.facts), incidentId],
    );
  }
}
