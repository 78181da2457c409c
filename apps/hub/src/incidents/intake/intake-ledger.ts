/**
 * The signed doors' own record (intake_fingerprint, 110 and 12345): the canonical request behind
 * each case number they took. Written inside the case's transaction by IncidentCreator, so a number
 * is never taken without its fingerprint, and read under the same number's lock when it comes again.
 */
import { Injectable } from '@nestjs/common';
import type { Sql } from '../../persistence/database';
import type { StatementPart } from '../../persistence/statement-parts';
import type { ReportRow } from '../reports/report-store';
import { fingerprintOf, type CanonicalFacts, type Fingerprint, type KeptFingerprint } from './intake-fingerprint';

/** The report that carries a number, as stored, with its station's code. */
type StoredReport = Pick<ReportRow, 'source' | 'case_no' | 'received_at' | 'caller_name' | 'caller_phone' | 'address' | 'lng' | 'lat' | 'category' | 'description'> & { station_code: string | null };

@Injectable()
export class IntakeLedger {
  /** The entry as a part of the case's own statement (statement-parts.ts), written only when `gate` (the case) was. */
  rememberPart(name: string, gate: string, f: Fingerprint): StatementPart {
    return {
      name,
      sql: `INSERT INTO intake_fingerprint (township_id, case_no, intake_hash, facts, incident_id)
            SELECT township_id, case_no, $1::text, $2::jsonb, id FROM ${gate} ON CONFLICT (township_id, case_no) DO NOTHING RETURNING 1`,
      params: [f.hash, JSON.stringify(f.facts)],
    };
  }

  async remember(tx: Sql, townshipId: string, caseNo: string, incidentId: string, f: Fingerprint): Promise<void> {
    await tx.query(
      `INSERT INTO intake_fingerprint (township_id, case_no, intake_hash, facts, incident_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (township_id, case_no) DO NOTHING`,
      [townshipId, caseNo, f.hash, JSON.stringify(f.facts), incidentId],
    );
  }

  /**
   * What the number was first taken with. A number taken before fingerprints were kept is judged by
   * the report that carries it, as stored (never by a view, which masks the caller's number); null
   * when neither is there (a case older than reports), which counts as the same case.
   */
  async stored(sql: Sql, townshipId: string, caseNo: string): Promise<KeptFingerprint | null> {
    // The door that took the number is the source of the report carrying it (110 or 12345); 110 for a fingerprint older than reports.
    const [kept] = await sql.query<{ intake_hash: string; facts: CanonicalFacts; source: string | null }>(
      `SELECT f.intake_hash, f.facts, (SELECT r.source FROM incident_report r WHERE r.township_id = f.township_id AND r.case_no = f.case_no LIMIT 1) AS source
       FROM intake_fingerprint f WHERE f.township_id = $1 AND f.case_no = $2`,
      [townshipId, caseNo],
    );
    if (kept) return { fingerprint: { hash: kept.intake_hash, facts: kept.facts }, source: kept.source ?? '110' };
    const [r] = await sql.query<StoredReport>(
      `SELECT r.source, r.case_no, r.received_at, r.caller_name, r.caller_phone, r.address, r.lng, r.lat, r.category, r.description, s.code AS station_code
       FROM incident_report r LEFT JOIN police_station s ON s.id = r.station_id
       WHERE r.township_id = $1 AND r.case_no = $2 LIMIT 1`,
      [townshipId, caseNo],
    );
    if (!r) return null;
    const fingerprint = fingerprintOf({
      caseNo: r.case_no,
      receivedAt: r.received_at,
      callerName: r.caller_name,
      callerPhone: r.caller_phone,
      address: r.address,
      site: { lng: r.lng, lat: r.lat },
      category: r.category,
      description: r.description,
      policeStationCode: r.station_code ?? '',
    });
    return { fingerprint, source: r.source };
  }
}
