/**
 * Records alerts and counts those above their threshold on their camera's storm: the storm's case
 * counter goes up, or a new storm opens a case through IncidentCreator. Alerts are written in batches
 * (group commit): whatever arrived while the previous batch was being written goes in the next one, in
 * one transaction of a few statements, so a storm costs a few statements per batch rather than per
 * alert, and the batches grow as the load does. PostgreSQL still decides between hub processes: the
 * open storms a batch touches are locked (FOR UPDATE, in id order) while the rule decides, and a unique
 * index allows one open storm per camera and type, so two alerts at once never open two cases.
 *
 * A storm's case is made in the same transaction as the alerts that open it (IncidentCreator writes
 * it into the batch's transaction): an alert answered 2xx is stored with its storm and its case, and a
 * batch that fails leaves nothing. The checks that read caches run before the transaction, once per
 * camera and type in the batch.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CameraAlertAnswer, CameraAlertType, EventSource } from '@xiaonao/contracts';
import { cameraCaseAddress, cameraCaseDescription, cameraCaseNo, cameraCaseReporter, categoryOfAlert, stormDecision, stormLastAlertAt, type OpenStorm } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentCreator } from '../incidents/intake/incident-creator';
import type { CreatedIncident, PlacedIncident, PreparedCase } from '../incidents/intake/new-case';
import { Database, type Sql } from '../persistence/database';
import { CameraIncidents } from './camera-incidents';
import type { CameraEntry } from './camera-registry';
import { StormStore, stormKey, type AlertRecord, type CaseFacts, type KnownAlert, type StormRow } from './storm-store';

/** An alert (or an operator's raise) as the counter takes it. */
export interface IncomingAlert {
  camera: CameraEntry;
  ref: string;
  type: CameraAlertType;
  confidence: number;
  seenAt: Date;
  receivedAt: Date;
  snapshotRef: string | null;
  clipRef: string | null;
  /** false: below its type's threshold, recorded and nothing more. */
  counted: boolean;
  /** The type's storm window. */
  windowMs: number;
  /** The case it opens waits for an operator (a type that needs a look). */
  hold: boolean;
  /** Set when an operator raised it from the feed: their username and words. */
  raisedBy: { username: string; note?: string } | null;
}

/** A storm as one batch sees it: already open (locked), or opened by this batch. */
interface Slot {
  id: string | null;
  cameraId: string;
  townshipId: string;
  type: CameraAlertType;
  existing: boolean;
  incidentId: string | null;
  incidentClosed: boolean;
  openedAt: Date;
  lastAlertAt: Date;
  /** Alerts this batch counts on it. */
  added: number;
  snapshotRef: string | null;
  /** The alert that makes its case, when this batch opened it or takes over a case that never came. */
  maker: IncomingAlert | null;
  /** The case this batch made for it joined an open incident as a report of the same event. */
  linked: boolean;
}

type Fate = { kind: 'duplicate'; known: KnownAlert } | { kind: 'again'; first: number } | { kind: 'recorded' } | { kind: 'counted'; slot: Slot; maker: boolean };

interface Pending {
  alert: IncomingAlert;
  resolve: (answer: CameraAlertAnswer) => void;
  reject: (error: unknown) => void;
}

/** Alerts per transaction at most: a backlog is worked off in several. */
const MAX_BATCH = 500;
/** A batch lost to another process's write at the same moment is tried again; after that it is a fault. */
const BATCH_ATTEMPTS = 3;

/** Another process wrote one of the batch's alerts or storms first: the batch starts over and sees it. */
class LostRace extends Error {}

/** Another process's batch won a row (unique violation) or a lock order (deadlock): worth trying again. */
function isLostRace(error: unknown): boolean {
  return error instanceof LostRace || (typeof error === 'object' && error !== null && 'code' in error && (error.code === '23505' || error.code === '40P01'));
}

const asStorm = (s: Slot): OpenStorm => ({ incidentId: s.incidentId, incidentClosed: s.incidentClosed, openedAt: s.openedAt, lastAlertAt: s.lastAlertAt });

const slotOf = (r: StormRow, townshipId: string): Slot => ({
  id: r.id,
  cameraId: r.camera_id,
  townshipId,
  type: r.alert_type,
  existing: true,
  incidentId: r.incident_id,
  incidentClosed: r.incident_state === 'closed',
  openedAt: r.opened_at,
  lastAlertAt: r.last_alert_at,
  added: 0,
  snapshotRef: null,
  maker: null,
  linked: false,
});

@Injectable()
export class StormCounter implements OnApplicationShutdown {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(StormStore) private readonly store: StormStore,
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(CameraIncidents) private readonly facts: CameraIncidents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Resolves once the alert is committed, with its storm and, for one that opens a case, the case. */
  count(alert: IncomingAlert): Promise<CameraAlertAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ alert, resolve, reject });
      this.kick();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.queue.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.slice(0, MAX_BATCH);
      this.queue = this.queue.slice(batch.length);
      await this.write(batch);
    }
  }

  private async write(all: Pending[]): Promise<void> {
    const { prepared, batch } = await this.prepareCases(all);
    if (!batch.length) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const { fates, cases, made } = await this.db.transaction((tx) => this.decide(tx, batch, prepared));
        for (const created of made) this.creator.announce(created);
        this.answer(batch, fates, cases);
        return;
      } catch (error) {
        if (isLostRace(error) && attempt < BATCH_ATTEMPTS) continue;
        for (const p of batch) p.reject(error);
        return;
      }
    }
  }

  /**
   * The case checks of every camera and type the batch counts on (the responsibility table, bounds,
   * grid, clock windows: cached reads, before the transaction). An alert whose case would be refused
   * is answered with the refusal here and is not written.
   */
  private async prepareCases(all: Pending[]): Promise<{ prepared: Map<string, PreparedCase>; batch: Pending[] }> {
    const prepared = new Map<string, PreparedCase>();
    const refused = new Map<string, unknown>();
    for (const { alert: a } of all) {
      const key = stormKey(a.camera.id, a.type);
      if (!a.counted || prepared.has(key) || refused.has(key)) continue;
      // The door's hold is the maker's, added in the transaction; the rest holds for every alert of the key.
      await this.creator.prepare({ ...caseOf(a, a.receivedAt), holdForOperator: false }).then(
        (p) => prepared.set(key, p),
        (error: unknown) => refused.set(key, error),
      );
    }
    const batch: Pending[] = [];
    for (const p of all) {
      const error = p.alert.counted ? refused.get(stormKey(p.alert.camera.id, p.alert.type)) : undefined;
      if (error === undefined) batch.push(p);
      else p.reject(error);
    }
    return { prepared, batch };
  }

  /** Under the storms' locks: what becomes of each alert, and the rows that say so. */
  private async decide(tx: Sql, batch: readonly Pending[], prepared: ReadonlyMap<string, PreparedCase>): Promise<{ fates: Fate[]; cases: Map<string, CaseFacts>; made: CreatedIncident[] }> {
    const alerts = batch.map((p) => p.alert);
    const known = new Map((await this.store.known(tx, alerts.map((a) => ({ cameraId: a.camera.id, ref: a.ref })))).map((k) => [`${k.camera_id}/${k.alert_ref}`, k]));
    const counted = alerts.filter((a) => a.counted && !known.has(`${a.camera.id}/${a.ref}`));
    const keys = [...new Map(counted.map((a) => [stormKey(a.camera.id, a.type), { cameraId: a.camera.id, type: a.type }])).values()];
    const townshipOf = new Map(counted.map((a) => [a.camera.id, a.camera.townshipId]));
    const slots = new Map((await this.store.lockOpen(tx, keys)).map((r) => [stormKey(r.camera_id, r.alert_type), slotOf(r, townshipOf.get(r.camera_id) ?? '')]));
    const closing: { id: string; reason: 'quiet' | 'closed' }[] = [];
    const firstOf = new Map<string, number>();
    const fates: Fate[] = alerts.map((a, i): Fate => {
      const k = known.get(`${a.camera.id}/${a.ref}`);
      if (k) return { kind: 'duplicate', known: k };
      const first = firstOf.get(`${a.camera.id}/${a.ref}`);
      if (first !== undefined) return { kind: 'again', first };
      firstOf.set(`${a.camera.id}/${a.ref}`, i);
      if (!a.counted) return { kind: 'recorded' };
      const key = stormKey(a.camera.id, a.type);
      const slot = slots.get(key);
      const decision = stormDecision(slot ? asStorm(slot) : null, a.receivedAt, a.windowMs);
      // A storm this batch opened is joined by the rest of the batch whatever the rule says (its alerts are milliseconds apart).
      if (!slot || (slot.existing && decision.kind === 'open')) {
        if (slot?.id && decision.kind === 'open') closing.push({ id: slot.id, reason: decision.reason === 'closed' ? 'closed' : 'quiet' });
        const opened: Slot = { id: null, cameraId: a.camera.id, townshipId: a.camera.townshipId, type: a.type, existing: false, incidentId: null, incidentClosed: false, openedAt: a.receivedAt, lastAlertAt: a.receivedAt, added: 1, snapshotRef: a.snapshotRef, maker: a, linked: false };
        slots.set(key, opened);
        return { kind: 'counted', slot: opened, maker: true };
      }
      slot.added++;
      slot.lastAlertAt = stormLastAlertAt(slot, a.receivedAt);
      slot.snapshotRef = a.snapshotRef ?? slot.snapshotRef;
      // The storm's case never came (a storm from before cases were made with their alerts): this alert makes it.
      const takeOver = decision.kind === 'resume' && !slot.maker;
      if (takeOver) slot.maker = a;
      return { kind: 'counted', slot, maker: takeOver };
    });

    await this.store.close(tx, closing, this.clock.now());
    const fresh = [...slots.values()].filter((s) => !s.existing);
    const ids = await this.store.open(
      tx,
      fresh.map((s) => ({ townshipId: s.townshipId, cameraId: s.cameraId, type: s.type, openedAt: s.openedAt, lastAlertAt: s.lastAlertAt, count: s.added, snapshotRef: s.snapshotRef })),
    );
    for (const s of fresh) s.id = ids.get(stormKey(s.cameraId, s.type)) ?? null;
    await this.store.bump(
      tx,
      [...slots.values()].filter((s) => s.existing && s.added > 0 && s.id).map((s) => ({ id: s.id ?? '', count: s.added, lastAlertAt: s.lastAlertAt, snapshotRef: s.snapshotRef })),
    );
    const records = alerts.flatMap((a, i): AlertRecord[] => {
      const fate = fates[i];
      if (fate.kind !== 'recorded' && fate.kind !== 'counted') return [];
      const slot = fate.kind === 'counted' ? fate.slot : null;
      return [
        {
          townshipId: a.camera.townshipId,
          cameraId: a.camera.id,
          ref: a.ref,
          type: a.type,
          confidence: a.confidence,
          seenAt: a.seenAt,
          receivedAt: a.receivedAt,
          outcome: fate.kind === 'recorded' ? 'below_threshold' : fate.maker ? 'opened' : 'merged',
          counted: fate.kind === 'counted',
          stormId: slot?.id ?? null,
          incidentId: slot?.incidentId ?? null,
          snapshotRef: a.snapshotRef,
          clipRef: a.clipRef,
          raisedBy: a.raisedBy?.username ?? null,
        },
      ];
    });
    if ((await this.store.insertAlerts(tx, records)) < records.length) throw new LostRace('an alert of this batch was written by another process');
    const made = await this.makeCases(tx, [...slots.values()], prepared);
    const withCase = [...new Set([...slots.values()].flatMap((s) => (s.incidentId && s.added > 0 ? [s.incidentId] : [])))];
    return { fates, cases: new Map((await this.store.cases(tx, withCase)).map((c) => [c.incident_id, c])), made };
  }

  /**
   * The cases of the storms this batch opened (or took over), in the batch's transaction, each under
   * its storm's number. In category order: IncidentCreator locks per township and category, and two
   * batches taking those locks in one order cannot deadlock.
   */
  private async makeCases(tx: Sql, slots: Slot[], prepared: ReadonlyMap<string, PreparedCase>): Promise<CreatedIncident[]> {
    const makers = slots.filter((s) => s.maker && s.id && !s.incidentId).sort((x, y) => categoryOfAlert(x.type).localeCompare(categoryOfAlert(y.type)) || (x.id ?? '').localeCompare(y.id ?? ''));
    const made: CreatedIncident[] = [];
    for (const slot of makers) {
      const maker = slot.maker as IncomingAlert;
      const stormId = slot.id as string;
      const p = prepared.get(stormKey(slot.cameraId, slot.type));
      if (!p) throw new Error(`storm ${stormId} has no prepared case`);
      const n = { ...caseOf(maker, slot.openedAt), holdForOperator: maker.hold };
      const created = await this.creator.writeGiven(tx, { ...p, n, awaiting: p.awaiting || maker.hold }, cameraCaseNo(stormId, slot.openedAt));
      await this.store.attach(tx, stormId, created.incident.id, created.linked);
      slot.incidentId = created.incident.id;
      slot.linked = created.linked;
      made.push(created);
    }
    return made;
  }

  /** After the commit: every alert's answer. */
  private answer(batch: readonly Pending[], fates: readonly Fate[], cases: ReadonlyMap<string, CaseFacts>): void {
    const answers: Promise<CameraAlertAnswer>[] = [];
    batch.forEach((p, i) => {
      const answer = this.answerOne(p.alert, fates[i], cases, answers);
      answers.push(answer);
      answer.then(p.resolve, p.reject);
    });
    for (const c of cases.keys()) this.facts.touch(c);
  }

  private async answerOne(a: IncomingAlert, fate: Fate, cases: ReadonlyMap<string, CaseFacts>, earlier: readonly Promise<CameraAlertAnswer>[]): Promise<CameraAlertAnswer> {
    const base = { alertId: a.ref, duplicate: false };
    switch (fate.kind) {
      case 'duplicate': {
        const k = fate.known;
        return { ...base, duplicate: true, outcome: k.outcome, incidentId: k.incident_id, caseNo: k.case_no, alertCount: k.alert_count, awaitingConfirmation: k.awaiting_confirmation ?? false };
      }
      case 'again':
        return { ...(await earlier[fate.first]), duplicate: true };
      case 'recorded':
        return { ...base, outcome: 'below_threshold', incidentId: null, caseNo: null, alertCount: 0, awaitingConfirmation: false };
      case 'counted': {
        const slot = fate.slot;
        const outcome = fate.maker ? (slot.linked ? 'linked' : 'opened') : 'merged';
        const facts = slot.incidentId ? cases.get(slot.incidentId) : undefined;
        // A storm whose case another process is making (a storm from before cases came with their alerts).
        if (!facts) return { ...base, outcome, incidentId: null, caseNo: null, alertCount: slot.added, awaitingConfirmation: false };
        return { ...base, outcome, incidentId: facts.incident_id, caseNo: facts.case_no, alertCount: facts.alert_count, awaitingConfirmation: facts.awaiting_confirmation };
      }
    }
  }
}

/** The case a storm opens, as its first (or taking-over) alert tells it; numbered by the storm. */
function caseOf(a: IncomingAlert, openedAt: Date): PlacedIncident {
  const facts = { type: a.type, camera: a.camera, gridName: a.camera.gridName, confidence: a.raisedBy ? null : a.confidence, note: a.raisedBy?.note };
  const eventSource: EventSource = a.raisedBy ? 'console' : 'camera';
  return {
    townshipId: a.camera.townshipId,
    source: 'camera',
    receivedAt: openedAt,
    callerName: cameraCaseReporter(facts),
    // Nobody to call: the contact stage becomes a site check (现场核查).
    callerPhone: '',
    address: cameraCaseAddress(facts),
    site: a.camera.location,
    category: categoryOfAlert(a.type),
    description: cameraCaseDescription(facts),
    stationId: null,
    actor: a.raisedBy ? `operator:${a.raisedBy.username}` : `camera:${a.camera.code}`,
    eventSource,
    detail: { camera: a.camera.code, alertId: a.ref, alertType: a.type, confidence: a.raisedBy ? null : a.confidence, snapshotRef: a.snapshotRef, clipRef: a.clipRef },
    holdForOperator: a.hold,
  };
}
