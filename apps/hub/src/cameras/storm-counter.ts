/**
 * Records alerts and counts those above their threshold on their camera's storm: the storm's case
 * counter goes up, or a new storm opens a case through IncidentCreator. Alerts are written in batches
 * (group commit): whatever arrived while the previous batch was being written goes in the next one, in
 * one transaction of a few statements, so a storm costs a few statements per batch rather than per
 * alert, and the batches grow as the load does. PostgreSQL still decides between hub processes: the
 * open storms a batch touches are locked (FOR UPDATE, in id order) while the rule decides, and a unique
 * index allows one open storm per camera and type, so two alerts at once never open two cases.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { CameraAlertAnswer, CameraAlertType, EventSource } from '@xiaonao/contracts';
import { cameraCaseAddress, cameraCaseDescription, cameraCaseNo, cameraCaseReporter, categoryOfAlert, DomainError, stormDecision, stormLastAlertAt, type OpenStorm } from '@xiaonao/domain';
import { Clock } from '../clock/clock';
import { IncidentCreator } from '../incidents/intake/incident-creator';
import { Database, type Sql } from '../persistence/database';
import { CameraIncidents } from './camera-incidents';
import type { CameraEntry } from './camera-registry';
import { Limiter } from './limiter';
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
}

type Fate = { kind: 'duplicate'; known: KnownAlert } | { kind: 'again'; first: number } | { kind: 'recorded' } | { kind: 'counted'; slot: Slot; maker: boolean };

interface Pending {
  alert: IncomingAlert;
  resolve: (answer: CameraAlertAnswer) => void;
  reject: (error: unknown) => void;
}

/** A storm's case, once made. */
interface MadeCase {
  incidentId: string;
  caseNo: string;
  awaiting: boolean;
  linked: boolean;
  alertCount: number;
}

/** Alerts per transaction at most: a backlog is worked off in several. */
const MAX_BATCH = 500;
/** A batch lost to another process's write at the same moment is tried again; after that it is a fault. */
const BATCH_ATTEMPTS = 3;
/**
 * Cases made at once: IncidentCreator serialises cases of one category on a lock, each holding a pooled
 * connection meanwhile; a few at a time keep the pool (10) free for the alerts themselves.
 */
const CASES_AT_ONCE = 3;
/** How long an alert that joined a storm still making its case waits for the case's number. */
const JOINER_WAIT_MS = 250;
/** Made cases are remembered this long, for alerts that joined their storm before it had its case. */
const MADE_KEPT_MS = 120_000;

/** Another process wrote one of the batch's alerts or storms first: the batch starts over and sees it. */
class LostRace extends Error {}

/**
 * The case if it is made within `ms`, else undefined. A refused case takes its storm's alerts with it,
 * so an alert that joined is refused too; a fault of the hub's leaves it counted, its case to come.
 */
function within(promise: Promise<MadeCase>, ms: number): Promise<MadeCase | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const settled = promise.catch((error: unknown) => {
    if (error instanceof DomainError) throw error;
    return undefined;
  });
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

/** A refusal of the case (a police matter) refuses its alert too; any other failure leaves the alert counted, its case to come. */
function refusalsOnly(error: unknown): undefined {
  if (error instanceof DomainError) throw error;
  return undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
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
});

@Injectable()
export class StormCounter implements OnApplicationShutdown {
  private readonly logger = new Logger('StormCounter');
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  /** Cases being made by this process, by storm: alerts that join meanwhile wait for them to answer. */
  private readonly making = new Map<string, Promise<MadeCase>>();
  private readonly made = new Map<string, { made: MadeCase; until: number }>();
  private readonly caseSlots = new Limiter(CASES_AT_ONCE);

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(StormStore) private readonly store: StormStore,
    @Inject(IncidentCreator) private readonly creator: IncidentCreator,
    @Inject(CameraIncidents) private readonly facts: CameraIncidents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Resolves once the alert is committed (and, for one that opens a case, once the case is made). */
  count(alert: IncomingAlert): Promise<CameraAlertAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ alert, resolve, reject });
      this.kick();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    while (this.running) await this.running;
    await Promise.allSettled([...this.making.values()]);
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

  private async write(batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { fates, cases } = await this.db.transaction((tx) => this.decide(tx, batch));
        this.answer(batch, fates, cases);
        return;
      } catch (error) {
        if ((error instanceof LostRace || isUniqueViolation(error)) && attempt < BATCH_ATTEMPTS) continue;
        for (const p of batch) p.reject(error);
        return;
      }
    }
  }

  /** Under the storms' locks: what becomes of each alert, and the rows that say so. */
  private async decide(tx: Sql, batch: readonly Pending[]): Promise<{ fates: Fate[]; cases: Map<string, CaseFacts> }> {
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
        const opened: Slot = { id: null, cameraId: a.camera.id, townshipId: a.camera.townshipId, type: a.type, existing: false, incidentId: null, incidentClosed: false, openedAt: a.receivedAt, lastAlertAt: a.receivedAt, added: 1, snapshotRef: a.snapshotRef, maker: a };
        slots.set(key, opened);
        return { kind: 'counted', slot: opened, maker: true };
      }
      slot.added++;
      slot.lastAlertAt = stormLastAlertAt(slot, a.receivedAt);
      slot.snapshotRef = a.snapshotRef ?? slot.snapshotRef;
      // The storm's case never came (its maker failed or its process stopped): this alert makes it,
      // unless this process is making it right now.
      const takeOver = decision.kind === 'resume' && !slot.maker && !(slot.id && this.making.has(slot.id));
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
    const withCase = [...new Set([...slots.values()].flatMap((s) => (s.incidentId && s.added > 0 ? [s.incidentId] : [])))];
    return { fates, cases: new Map((await this.store.cases(tx, withCase)).map((c) => [c.incident_id, c])) };
  }

  /** After the commit: cases to make, and every alert's answer (some once their storm's case is made). */
  private answer(batch: readonly Pending[], fates: readonly Fate[], cases: ReadonlyMap<string, CaseFacts>): void {
    for (const fate of fates) {
      if (fate.kind !== 'counted' || !fate.maker || !fate.slot.id) continue;
      const stormId = fate.slot.id;
      const slot = fate.slot;
      const making = this.caseSlots.run(() => this.makeCase(slot, stormId));
      this.making.set(stormId, making);
      void making
        .then((made) => this.made.set(stormId, { made, until: Date.now() + MADE_KEPT_MS }))
        .catch(() => undefined)
        .finally(() => this.making.delete(stormId));
    }
    this.forgetOldCases();
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
        const facts = slot.incidentId ? cases.get(slot.incidentId) : undefined;
        if (facts) return { ...base, outcome: 'merged', incidentId: facts.incident_id, caseNo: facts.case_no, alertCount: facts.alert_count, awaitingConfirmation: facts.awaiting_confirmation };
        const id = slot.id ?? '';
        // The maker answers once its case is made; an alert that joined meanwhile is counted already and
        // waits only a moment for the case's number: under a storm, cases come slower than alerts.
        const making = this.making.get(id);
        // A fault of the hub's while making the case does not make the answer a 5xx: the alert and its
        // storm are committed, and the storm's next alert makes the case. The answer says just that.
        const made = fate.maker ? await making?.catch(refusalsOnly) : (this.made.get(id)?.made ?? (making ? await within(making, JOINER_WAIT_MS) : undefined));
        const outcome = fate.maker ? (made?.linked ? 'linked' : 'opened') : 'merged';
        // Made by another process, still at it: the alert is counted, its case not known here yet.
        if (!made) return { ...base, outcome, incidentId: null, caseNo: null, alertCount: slot.added, awaitingConfirmation: false };
        return { ...base, outcome, incidentId: made.incidentId, caseNo: made.caseNo, alertCount: made.alertCount, awaitingConfirmation: made.awaiting };
      }
    }
  }

  /** The storm's case, made once per storm number: a retry after a crash asks for the same case. */
  private async makeCase(slot: Slot, stormId: string): Promise<MadeCase> {
    const a = slot.maker;
    if (!a) throw new Error(`storm ${stormId} has no alert to make its case`);
    const facts = { type: a.type, camera: a.camera, gridName: a.camera.gridName, confidence: a.raisedBy ? null : a.confidence, note: a.raisedBy?.note };
    const eventSource: EventSource = a.raisedBy ? 'console' : 'camera';
    let created;
    try {
      created = await this.creator.create({
        townshipId: a.camera.townshipId,
        caseNo: cameraCaseNo(stormId, slot.openedAt),
        source: 'camera',
        receivedAt: slot.openedAt,
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
        detail: { camera: a.camera.code, alertType: a.type, alertId: a.ref, confidence: a.raisedBy ? null : a.confidence, snapshotRef: a.snapshotRef, clipRef: a.clipRef },
        holdForOperator: a.hold,
      });
    } catch (error) {
      // Refused (a police matter, outside the township): nothing of the storm stays, and its alerts are
      // answered with the refusal. A fault of the hub's leaves the storm waiting: the next alert after
      // the grace makes the case instead.
      if (error instanceof DomainError) await this.db.transaction((tx) => this.store.discard(tx, stormId));
      else this.logger.warn(`case of camera storm ${stormId} not made: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    const alertCount = await this.db.transaction((tx) => this.store.attach(tx, stormId, created.incident.id, created.linked));
    this.facts.touch(created.incident.id);
    return { incidentId: created.incident.id, caseNo: created.incident.caseNo, awaiting: created.incident.awaitingConfirmation, linked: created.linked, alertCount };
  }

  private forgetOldCases(): void {
    const now = Date.now();
    for (const [id, entry] of this.made) if (entry.until < now) this.made.delete(id);
  }
}
