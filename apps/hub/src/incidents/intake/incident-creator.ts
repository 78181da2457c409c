/**
 * The one way a case comes into being, whatever the door (110, camera, operator, patrol): checked
 * against the responsibility table (police matters are refused back) and the township's bounds, placed
 * in its grid, given its 1-3-8 windows and timers, stored once per case number, announced, and handed
 * to dispatch unless it waits for an operator. The door has validated and converted its own input.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CATEGORY_LABELS, type Category, type EventSource, type IncidentSource, type IncidentView, type LngLat } from '@xiaonao/contracts';
import { DomainError, locateArea, withinBounds } from '@xiaonao/domain';
import { MetricsService } from '../../ops/metrics.service';
import { Outbox } from '../../outbox/outbox';
import { Database } from '../../persistence/database';
import { TownshipDirectory } from '../../township/township-directory';
import { ClockPolicyProvider } from '../clock-policy';
import { OfferNext } from '../dispatch/offer-next.use-case';
import { IncidentStore } from '../incident-store';
import { TimerRunner } from '../timers/timer-runner';
import { TimerStore } from '../timers/timer-store';

export interface NewIncident {
  townshipId: string;
  /** Unique per township: the 110 case number, or a number the door makes up for its own cases. */
  caseNo: string;
  source: IncidentSource;
  receivedAt: Date;
  callerName: string;
  /** Empty when there is no party to call (a camera alert): the contact stage becomes a site check. */
  callerPhone: string;
  address: string;
  /** WGS-84, already converted by the door. */
  site: LngLat;
  category: Category;
  description: string;
  stationId: string | null;
  /** Who the timeline names for the receipt, e.g. `110:<station>`, `camera:<id>`, `operator:<user>`. */
  actor: string;
  eventSource: EventSource;
  detail: Record<string, unknown>;
  /** Wait for an operator even where the table dispatches at once (an uncertain place, a camera type that needs a look). */
  holdForOperator?: boolean;
}

export interface CreatedIncident {
  /** The case number was already there: this is the case made the first time. */
  duplicate: boolean;
  incident: IncidentView;
}

@Injectable()
export class IncidentCreator {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(IncidentStore) private readonly incidents: IncidentStore,
    @Inject(TownshipDirectory) private readonly townships: TownshipDirectory,
    @Inject(ClockPolicyProvider) private readonly clocks: ClockPolicyProvider,
    @Inject(TimerStore) private readonly timers: TimerStore,
    @Inject(TimerRunner) private readonly timerRunner: TimerRunner,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OfferNext) private readonly offerNext: OfferNext,
    @Inject(MetricsService) private readonly metrics: MetricsService,
  ) {}

  async create(n: NewIncident): Promise<CreatedIncident> {
    const responsibility = await this.townships.responsibility(n.townshipId, n.category);
    if (responsibility.policeOnly) {
      const name = CATEGORY_LABELS[n.category];
      throw new DomainError('POLICE_MATTER', `category：「${name.zh}」属于警务事项，不转街道处置，已退回 110`, `category: ${name.en} is a police matter; returned to 110`, 'category');
    }
    const bounds = await this.townships.bounds(n.townshipId);
    if (bounds && !withinBounds(n.site, bounds)) {
      throw new DomainError('INVALID_INPUT', 'location：位置不在本街道范围内（经纬度是否颠倒、坐标系是否声明正确？）', 'location: outside the township (swapped, or the wrong coordinate system?)', 'location');
    }
    const grid = locateArea(n.site, await this.townships.grids(n.townshipId));
    const awaiting = responsibility.dispatchMode === 'confirm' || n.holdForOperator === true;
    // The windows are fixed at receipt: a rule changed later never moves this case's deadlines.
    const clockPolicy = await this.clocks.policyFor(n.townshipId, n.category, responsibility.priority);

    const outcome = await this.db.transaction(async (tx): Promise<CreatedIncident> => {
      const [created] = await tx.query<{ id: string }>(
        `INSERT INTO incident (township_id, case_no, source, received_at, caller_name, caller_phone, address, lng, lat, category,
                               description, station_id, grid_id, state, clock_statuses, priority, awaiting_confirmation, clock_policy)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received', '{}', $14, $15, $16)
         ON CONFLICT (township_id, case_no) DO NOTHING RETURNING id`,
        [
          n.townshipId,
          n.caseNo,
          n.source,
          n.receivedAt,
          n.callerName,
          n.callerPhone,
          n.address,
          n.site.lng,
          n.site.lat,
          n.category,
          n.description,
          n.stationId,
          grid?.id ?? null,
          responsibility.priority,
          awaiting,
          JSON.stringify(clockPolicy),
        ],
      );
      if (!created) {
        const [existing] = await tx.query<{ id: string }>('SELECT id FROM incident WHERE township_id = $1 AND case_no = $2', [n.townshipId, n.caseNo]);
        const row = await this.incidents.find(tx, existing.id);
        return { duplicate: true, incident: this.incidents.view(row as NonNullable<typeof row>) };
      }
      await this.incidents.record(tx, {
        incidentId: created.id,
        townshipId: n.townshipId,
        type: 'received',
        at: n.receivedAt,
        actor: n.actor,
        source: n.eventSource,
        location: n.site,
        detail: { caseNo: n.caseNo, grid: grid?.name ?? null, awaitingConfirmation: awaiting, ...n.detail },
      });
      await this.timers.schedule(tx, created.id, n.townshipId, n.receivedAt, clockPolicy);
      const incident = this.incidents.view(await this.incidents.refresh(tx, created.id));
      await this.outbox.add(tx, n.townshipId, 'incident.received', { incident });
      return { duplicate: false, incident };
    });

    if (!outcome.duplicate) {
      this.metrics.incidentsReceived.inc({ source: n.source });
      this.outbox.kick();
      this.timerRunner.kick();
      if (!outcome.incident.awaitingConfirmation) void this.offerNext.run(outcome.incident.id);
    }
    return outcome;
  }
}
