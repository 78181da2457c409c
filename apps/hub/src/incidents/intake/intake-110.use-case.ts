/**
 * Intake of a non-police 110 case: place it, store it once per 110 case number, announce it, and
 * start dispatch. The same case number again returns the incident already made.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type Intake110Request, type Intake110Response } from '@xiaonao/contracts';
import { DomainError, locateArea, toWgs84, withinBounds } from '@xiaonao/domain';
import type { Integration } from '../../auth/session';
import { Clock } from '../../clock/clock';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { TownshipDirectory } from '../../township/township-directory';
import { ClockPolicyProvider } from '../clock-policy';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';
import { TimerRunner } from '../timers/timer-runner';
import { TimerStore } from '../timers/timer-store';

/** A receipt time this far in the future is a clock error on the sender's side, not a case. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

@Injectable()
export class Intake110 {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(TimerStore) private readonly timers: TimerStore,
    @Inject(TimerRunner) private readonly timerRunner: TimerRunner,
  ) {}

  async run(from: Integration, req: Intake110Request): Promise<Intake110Response> {
    const townshipId = from.townshipId;
    const receivedAt = new Date(req.receivedAt);
    if (receivedAt.getTime() > this.clock.now().getTime() + MAX_CLOCK_SKEW_MS) {
      throw new DomainError('INVALID_INPUT', 'receivedAt：接收时间晚于当前时间', 'receivedAt: lies in the future', 'receivedAt');
    }
    const station = await this.townships.station(townshipId, req.policeStationCode);
    if (!station) throw new DomainError('INVALID_INPUT', `policeStationCode：未知的派出所编码「${req.policeStationCode}」`, 'policeStationCode: unknown station', 'policeStationCode');
    const responsibility = await this.townships.responsibility(townshipId, req.category);
    if (responsibility.policeOnly) {
      const name = CATEGORY_LABELS[req.category];
      throw new DomainError('POLICE_MATTER', `category：「${name.zh}」属于警务事项，不转街道处置，已退回 110`, `category: ${name.en} is a police matter; returned to 110`, 'category');
    }
    const awaiting = responsibility.dispatchMode === 'confirm';
    const site = toWgs84(req.location, req.coordSystem ?? 'WGS84');
    const bounds = await this.townships.bounds(townshipId);
    if (bounds && !withinBounds(site, bounds)) {
      throw new DomainError('INVALID_INPUT', 'location：位置不在本街道范围内（经纬度是否颠倒、坐标系是否声明正确？）', 'location: outside the township (swapped, or the wrong coordinate system?)', 'location');
    }
    const grid = locateArea(site, await this.townships.grids(townshipId));
    // The windows are fixed at receipt: a rule changed later never moves this case's deadlines.
    const clockPolicy = await this.clocks.policyFor(townshipId, req.category, responsibility.priority);

    const outcome = await this.db.transaction(async (tx) => {
      const [created] = await tx.query<{ id: string }>(
        `INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category,
                               description, station_id, grid_id, state, clock_statuses, priority, awaiting_confirmation, clock_policy)
         VALUES ($1, $2, '110', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'received', '{}', $13, $14, $15)
         ON CONFLICT (township_id, case_no) DO NOTHING RETURNING id`,
        [
          townshipId,
          req.caseNo,
          receivedAt,
          req.callerName,
          req.callerPhone,
          req.address,
          site.lng,
          site.lat,
          req.category,
          req.description,
          station.id,
          grid?.id ?? null,
          responsibility.priority,
          awaiting,
          JSON.stringify(clockPolicy),
        ],
      );
      if (!created) {
        const [existing] = await tx.query<{ id: string }>('SELECT id FROM incident WHERE township_id = $1 AND case_no = $2', [townshipId, req.caseNo]);
        const row = await this.incidents.find(tx, existing.id);
        return { duplicate: true, incident: this.incidents.view(row as NonNullable<typeof row>) };
      }
      await this.incidents.record(tx, {
        incidentId: created.id,
        townshipId,
        type: 'received',
        at: receivedAt,
        actor: `110:${station.code}`,
        location: site,
        detail: { caseNo: req.caseNo, via: from.name, coordSystem: req.coordSystem ?? 'WGS84', grid: grid?.name ?? null, awaitingConfirmation: awaiting },
      });
      await this.timers.schedule(tx, created.id, townshipId, receivedAt, clockPolicy);
      const incident = this.incidents.view(await this.incidents.refresh(tx, created.id));
      await this.outbox.add(tx, townshipId, 'incident.received', { incident });
      return { duplicate: false, incident };
    });

    if (!outcome.duplicate) {
      this.metrics.incidentsReceived.inc({ source: '110' });
      this.outbox.kick();
      this.timerRunner.kick();
      if (!outcome.incident.awaitingConfirmation) void this.offerNext.run(outcome.incident.id);
    }
    return { incidentId: outcome.incident.id, duplicate: outcome.duplicate, incident: outcome.incident };
  }
}
