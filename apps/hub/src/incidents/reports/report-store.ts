/** SQL for reports (incident_report), their photos and the incidents a new report may join. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Category, EventSource, IncidentSource, IncidentState, LngLat, ReportPhotoType, ReportRole } from '@xiaonao/contracts';
import type { Bounds, LinkCandidate } from '@xiaonao/domain';
import type { Sql } from '../../persistence/database';
import type { StatementPart } from '../../persistence/statement-parts';

/** An incident_report row as stored. */
export interface ReportRow {
  id: string;
  township_id: string;
  incident_id: string;
  case_no: string;
  source: IncidentSource;
  role: ReportRole;
  received_at: Date;
  caller_name: string;
  caller_phone: string;
  address: string;
  lng: number;
  lat: number;
  category: Category;
  description: string;
  station_id: string | null;
  actor: string;
  event_source: EventSource;
  placement_confidence: number | null;
  placement_name: string | null;
  distance_m: number | null;
  split_from_incident_id: string | null;
  detail: Record<string, unknown>;
  /** The API key of the integration that sent the report (110, 12345, camera, Open311); results go back to it. */
  integration_id: string | null;
}

/** A report as listed, with whether it has a photo. */
export interface ListedReportRow extends ReportRow {
  has_photo: boolean;
}

export type ReportWrite = Omit<ReportRow, 'id' | 'split_from_incident_id'>;

export interface ReportPhoto {
  contentType: ReportPhotoType;
  bytes: Buffer;
}

/** Where the door's number already is: the report that carries it, or a case made before reports were kept. */
export interface KnownCaseNo {
  incident_id: string;
  report_id: string | null;
}

const REPORT_COLUMNS = `id, township_id, incident_id, case_no, source, role, received_at, caller_name, caller_phone, address, lng, lat,
  category, description, station_id, actor, event_source, placement_confidence, placement_name, distance_m, detail, integration_id`;
/** Typed, so the same list serves VALUES and a SELECT over another part (whose parameters PostgreSQL cannot guess). */
const REPORT_VALUES = `$1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::timestamptz, $8::text, $9::text, $10::text, $11::float8, $12::float8,
  $13::text, $14::text, $15::uuid, $16::text, $17::text, $18::float8, $19::text, $20::float8, $21::jsonb, $22::uuid`;

function reportParams(id: string, r: ReportWrite): unknown[] {
  return [
    id,
    r.township_id,
    r.incident_id,
    r.case_no,
    r.source,
    r.role,
    r.received_at,
    r.caller_name,
    r.caller_phone,
    r.address,
    r.lng,
    r.lat,
    r.category,
    r.description,
    r.station_id,
    r.actor,
    r.event_source,
    r.placement_confidence,
    r.placement_name,
    r.distance_m,
    JSON.stringify(r.detail),
    r.integration_id,
  ];
}

@Injectable()
export class ReportStore {
  async known(sql: Sql, townshipId: string, caseNo: string): Promise<KnownCaseNo | null> {
    const [row] = await sql.query<KnownCaseNo>(
      `SELECT incident_id, id AS report_id FROM incident_report WHERE township_id = $1 AND case_no = $2
       UNION ALL
       SELECT id, NULL FROM incident WHERE township_id = $1 AND case_no = $2
       LIMIT 1`,
      [townshipId, caseNo],
    );
    return row ?? null;
  }

  async insert(tx: Sql, r: ReportWrite): Promise<string> {
    const [row] = await tx.query<{ id: string }>(`INSERT INTO incident_report (${REPORT_COLUMNS}) VALUES (${REPORT_VALUES}) RETURNING id`, reportParams(randomUUID(), r));
    return row.id;
  }

  /**
   * The report that takes a door's number for a new case, first in its statement: nothing when a report
   * carries the number already (a concurrent send waits on the unique key for the first one's commit, then
   * finds it) or a case made without a report holds it. Later parts select FROM it, so they write only if it did.
   */
  claimPart(name: string, id: string, r: ReportWrite): StatementPart {
    return {
      name,
      sql: `INSERT INTO incident_report (${REPORT_COLUMNS}) SELECT ${REPORT_VALUES}
            WHERE NOT EXISTS (SELECT 1 FROM incident i WHERE i.township_id = $2::uuid AND i.case_no = $4::text)
            ON CONFLICT (township_id, case_no) DO NOTHING RETURNING id`,
      params: reportParams(id, r),
    };
  }

  async insertPhoto(tx: Sql, reportId: string, townshipId: string, photo: ReportPhoto): Promise<void> {
    await tx.query('INSERT INTO report_photo (report_id, township_id, content_type, bytes) VALUES ($1, $2, $3, $4)', [reportId, townshipId, photo.contentType, photo.bytes]);
  }

  /**
   * Open incidents of the category whose site lies in the box, each with when its newest report came
   * (or the incident itself, for a case made before reports were kept). The rule picks among them.
   */
  async linkCandidates(tx: Sql, townshipId: string, category: Category, box: Bounds): Promise<LinkCandidate[]> {
    const rows = await tx.query<{ id: string; category: Category; state: IncidentState; lng: number; lat: number; last_report_at: Date; point_uncertain: boolean }>(
      `SELECT i.id, i.category, i.state, i.lng, i.lat, i.placement_needs_confirmation AS point_uncertain,
              GREATEST(i.received_at, (SELECT max(r.received_at) FROM incident_report r WHERE r.incident_id = i.id)) AS last_report_at
       FROM incident i
       WHERE i.township_id = $1 AND i.category = $2 AND i.state <> 'closed'
         AND i.lng BETWEEN $3 AND $4 AND i.lat BETWEEN $5 AND $6`,
      [townshipId, category, box.minLng, box.maxLng, box.minLat, box.maxLat],
    );
    return rows.map((r) => ({ id: r.id, category: r.category, state: r.state, site: { lng: r.lng, lat: r.lat } satisfies LngLat, lastReportAt: r.last_report_at, pointUncertain: r.point_uncertain }));
  }

  async find(sql: Sql, id: string, lock = false): Promise<ReportRow | null> {
    const [row] = await sql.query<ReportRow>(`SELECT * FROM incident_report WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async list(sql: Sql, incidentId: string): Promise<ListedReportRow[]> {
    return sql.query<ListedReportRow>(
      `SELECT r.*, EXISTS (SELECT 1 FROM report_photo p WHERE p.report_id = r.id) AS has_photo
       FROM incident_report r WHERE r.incident_id = $1 ORDER BY r.received_at, r.created_at, r.id`,
      [incidentId],
    );
  }

  /** The report leaves its incident and becomes the origin of `toIncidentId`, remembering where it came from. */
  async moveToSplit(tx: Sql, reportId: string, toIncidentId: string, fromIncidentId: string, by: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE incident_report SET incident_id = $2, role = 'origin', distance_m = NULL, split_from_incident_id = $3, split_by = $4, split_at = $5 WHERE id = $1`,
      [reportId, toIncidentId, fromIncidentId, by, at],
    );
  }

  async photo(sql: Sql, townshipId: string, reportId: string): Promise<ReportPhoto | null> {
    const [row] = await sql.query<{ content_type: ReportPhotoType; bytes: Buffer }>('SELECT content_type, bytes FROM report_photo WHERE report_id = $1 AND township_id = $2', [
      reportId,
      townshipId,
    ]);
    return row ? { contentType: row.content_type, bytes: row.bytes } : null;
  }
}
