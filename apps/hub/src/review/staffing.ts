/**
 * 排班推演: reads the cases of the last N weeks (review_case, the township or one grid) and replays
 * them with the plan (libs/domain/src/staffing). Workers start at the grids' centres. Operators only.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { LngLat, PolygonCoordinates, SessionUser, StaffingAsk, StaffingOutcome, StaffingRates, StaffingView } from '@xiaonao/contracts';
import { beijingDay, beijingHour, DomainError, emptyStaffingRates, replayStaffing, resolveStaffingAssumptions, shiftDay, type StaffingCase } from '@xiaonao/domain';
import { readsWholeTownship } from '../auth/township-readers';
import { Clock } from '../clock/clock';
import { Database } from '../persistence/database';
import { ReviewRoller } from './review-roller';

interface CaseRow {
  received_at: Date;
  lng: number;
  lat: number;
  category: string;
  accept_due: number;
  accept_ok: number;
  contact_due: number;
  contact_ok: number;
  arrive_due: number;
  arrive_ok: number;
}

const NOTE = '模型推演，非预测：按假设的接单、联系、行进和处置时间重放真实案件 / A model, not a forecast: real cases replayed under the stated assumptions';

/** The mean of a polygon's outer ring (good enough for a start position). */
function centreOf(polygon: PolygonCoordinates): LngLat | null {
  const ring = polygon[0] ?? [];
  if (ring.length === 0) return null;
  const sum = ring.reduce((s, p) => ({ lng: s.lng + p[0], lat: s.lat + p[1] }), { lng: 0, lat: 0 });
  return { lng: sum.lng / ring.length, lat: sum.lat / ring.length };
}

/** What the cases actually met, over the stages decided so far (as the review's rates). */
function actualOf(rows: readonly CaseRow[]): StaffingOutcome {
  type Due = StaffingRates & { acceptDue: number; contactDue: number; arriveDue: number };
  const blank = (): Due => ({ ...emptyStaffingRates(), acceptDue: 0, contactDue: 0, arriveDue: 0 });
  const overall = blank();
  const byHour = Array.from({ length: 24 }, blank);
  for (const r of rows) {
    for (const s of [overall, byHour[beijingHour(r.received_at)]]) {
      s.cases += 1;
      s.acceptDue += r.accept_due;
      s.acceptInTime += r.accept_ok;
      s.contactDue += r.contact_due;
      s.contactInTime += r.contact_ok;
      s.arriveDue += r.arrive_due;
      s.arriveInTime += r.arrive_ok;
    }
  }
  const share = (a: number, b: number) => (b > 0 ? a / b : null);
  const finish = (s: Due): StaffingRates => ({
    cases: s.cases,
    acceptInTime: s.acceptInTime,
    contactInTime: s.contactInTime,
    arriveInTime: s.arriveInTime,
    accept: share(s.acceptInTime, s.acceptDue),
    contact: share(s.contactInTime, s.contactDue),
    arrive: share(s.arriveInTime, s.arriveDue),
    all138: share(s.acceptInTime + s.contactInTime + s.arriveInTime, s.acceptDue + s.contactDue + s.arriveDue),
  });
  return { overall: finish(overall), byHour: byHour.map(finish) };
}

@Injectable()
export class Staffing {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ReviewRoller) private readonly roller: ReviewRoller,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async whatIf(user: SessionUser, ask: StaffingAsk): Promise<StaffingView> {
    await this.roller.flush();
    // A what-if writes nothing, so a township leader may weigh staffing too.
    if (!readsWholeTownship(user.role)) throw new DomainError('FORBIDDEN', '只有指挥室和镇领导可以做排班推演', 'Only operators and township leaders run the staffing what-if');
    const townshipId = user.townshipId;
    const gridId = ask.gridId ?? null;
    const grids = await this.db.query<{ id: string; polygon: PolygonCoordinates }>(
      'SELECT id, polygon FROM grid WHERE township_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY code',
      [townshipId, gridId],
    );
    if (gridId && grids.length === 0) throw new DomainError('NOT_FOUND', 'gridId：本镇没有这个网格', 'gridId: no such grid in this township', 'gridId');
    const starts = grids.map((g) => centreOf(g.polygon)).filter((p): p is LngLat => p !== null);
    const to = beijingDay(this.clock.now());
    const from = shiftDay(to, -(7 * ask.weeks) + 1);
    const rows = await this.db.query<CaseRow>(
      `SELECT received_at, lng, lat, category, accept_due, accept_ok, contact_due, contact_ok, arrive_due, arrive_ok
         FROM review_case
        WHERE township_id = $1 AND day BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR grid_id = $4::uuid)
        ORDER BY received_at, incident_id`,
      [townshipId, from, to, gridId],
    );
    const cases: StaffingCase[] = rows.map((r) => ({ receivedAt: r.received_at, point: { lng: r.lng, lat: r.lat }, category: r.category }));
    // A township without grid polygons: everyone starts where the first case was.
    if (starts.length === 0 && cases.length > 0) starts.push(cases[0].point);
    const assumptions = resolveStaffingAssumptions(ask.assumptions);
    const simulated = cases.length === 0 ? actualOf([]) : replayStaffing({ cases, plan: ask.plan, starts, assumptions });
    return { period: { from, to }, weeks: ask.weeks, gridId, plan: [...ask.plan], assumptions, simulated, actual: actualOf(rows), note: NOTE };
  }
}
