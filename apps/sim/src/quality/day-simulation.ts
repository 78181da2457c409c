/**
 * A simulated day of dispatch in simulated time: cases arrive, a dispatch plug-in picks whom to offer
 * each one to, simulated workers answer (or not), travel and close. A day runs in well under a second
 * because nothing waits on a wall clock, and the same inputs always give the same day.
 *
 * The hub's mechanics are mirrored, not re-invented: one offer per case at a time, a worker with an
 * open offer or an active case gets no other; a worker who declined or let an offer lapse is not
 * offered the same case again for OFFER_RETRY_AFTER_MS; a case nobody can take is retried every 2 s;
 * accept → contact → arrive → close, contact before arrival; a long job earns a rest. The dispatcher
 * only knows what phones reported; travel uses where workers really are.
 */
import type { LngLat, Team, TownshipSeed, TravelMode } from '@xiaonao/contracts';
import { DEFAULT_REST_POLICY, restUntilAfterJob, type DispatchCase, type DispatchWorker, type RestPolicy } from '@xiaonao/domain';
import { patrolStep, type PatrolArea } from '../simulator/movement';
import { metresBetween } from '../township/geo';
import { createRandom, type Random } from '../township/random';
import { SIMULATED_DAY, type SimCase } from './case-load';
import type { DispatchPlugin } from './dispatch-policies';
import { EventQueue } from './event-queue';
import {
  contactDelayS,
  DEFAULT_WORKER_BEHAVIOUR,
  meanGapS,
  onShift,
  onSiteS,
  reportedFix,
  respondToOffer,
  spellS,
  tripTo,
  type OfferResponse,
  type WorkerBehaviour,
} from './worker-behaviour';

export const DAY_S = 24 * 3600;

/** A worker as the simulation starts it. */
export interface QualityWorker {
  id: string;
  team: Team;
  gridId: string | null;
  /** On today's roster; false for leave and rest days. */
  rostered: boolean;
  position: LngLat;
  area: PatrolArea;
  travelModes: readonly TravelMode[];
}

/** The hub's own timings (apps/hub config defaults), shared by both policies. */
export interface HubMechanics {
  /** OFFER_RETRY_AFTER_MS: who declined or let it lapse is not re-offered the same case sooner. */
  offerRetryAfterS: number;
  /** The sweeper retries cases that found nobody this often. */
  waitingRetryS: number;
  rest: RestPolicy;
}

export const HUB_MECHANICS: HubMechanics = { offerRetryAfterS: 120, waitingRetryS: 2, rest: DEFAULT_REST_POLICY };

export interface DaySimulationInput {
  workers: readonly QualityWorker[];
  cases: readonly SimCase[];
  dispatch: DispatchPlugin;
  /** Seeds the workers' behaviour; runs to compare should share it, as they share the cases. */
  seed: number;
  behaviour?: WorkerBehaviour;
  hub?: HubMechanics;
  /** The simulation goes on this long after the day so late cases can finish. Default 6 h. */
  drainS?: number;
  /** Phones modelled by the caller (the field simulation); without it, the worker model's missed offers and asleep phones. */
  phones?: PhoneModel;
}

/** An offer as it is made, for a `PhoneModel` to decide how it goes. */
export interface OfferMade {
  case: SimCase;
  worker: QualityWorker;
  /** The worker's place in `workers`. */
  workerIndex: number;
  atS: number;
  /** The dispatch policy's window. */
  windowS: number;
  occupied: boolean;
  /** The worker's own stream, as the worker model would draw the answer from it. */
  random: Random;
  /** This offer's record; its outcome is filled in when the offer ends. */
  record: OfferRecord;
}

export interface OfferReply {
  /** How long the offer stands. */
  windowS: number;
  /** The answer and its delay from the offer; null: none comes. One coming after the window is not heard. */
  answer: { kind: 'accept' | 'decline'; afterS: number } | null;
}

/**
 * The caller's phones: how an offered worker answers (in place of the worker model's missed offers
 * and asleep phones, whose spells then go unused) and whether the phone sends a position fix.
 */
export interface PhoneModel {
  respond(offer: OfferMade): OfferReply;
  /** `report`: the routine fix of an idle worker on duty; `close`: the fix sent with closing a case. */
  sendsFix(workerIndex: number, atS: number, why: 'report' | 'close'): boolean;
}

export type OfferOutcome = 'accepted' | 'declined' | 'lapsed';

export interface OfferRecord {
  caseId: string;
  workerId: string;
  atS: number;
  answeredAtS: number | null;
  outcome: OfferOutcome | null;
}

export interface CaseOutcome {
  id: string;
  receivedAtS: number;
  workerId: string | null;
  ownGrid: boolean | null;
  /** Seconds from receipt; null when the stage never happened. */
  acceptS: number | null;
  contactS: number | null;
  arriveS: number | null;
  /** Simulation time of closing; null if the case was still open at the end. */
  closedAtS: number | null;
  offers: number;
}

export interface DaySimulationResult {
  policy: string;
  cases: CaseOutcome[];
  offers: OfferRecord[];
  endedAtS: number;
}

/** Township-wide teams patrol within this distance of where they stand by (as the live simulator). */
const TOWNSHIP_WIDE_PATROL_RADIUS_M = 600;

/** The demo township's workers where the seed puts them, each patrolling its grid. */
export function workersFromTownship(township: Pick<TownshipSeed, 'grids' | 'workers' | 'center'>): QualityWorker[] {
  const polygons = new Map(township.grids.map((g) => [g.code, g.polygon]));
  return township.workers.map((w) => {
    const home = w.location ?? township.center;
    return {
      id: w.code,
      team: w.team,
      gridId: w.gridCode,
      rostered: w.onDuty,
      position: home,
      area: { polygon: w.gridCode ? (polygons.get(w.gridCode) ?? null) : null, home, radiusM: TOWNSHIP_WIDE_PATROL_RADIUS_M },
      // The hub's default for a seed that says nothing.
      travelModes: w.travelModes ?? ['foot', 'ebike'],
    };
  });
}

type Event =
  | { kind: 'case'; run: CaseRun }
  | { kind: 'answer'; offer: LiveOffer; answer: 'accept' | 'decline' }
  | { kind: 'lapse'; offer: LiveOffer }
  | { kind: 'close'; run: CaseRun }
  | { kind: 'sweep' }
  | { kind: 'report'; worker: SimWorker }
  | { kind: 'occupied'; worker: SimWorker }
  | { kind: 'asleep'; worker: SimWorker };

interface SimWorker {
  spec: QualityWorker;
  index: number;
  random: Random;
  onNightRoster: boolean;
  position: LngLat;
  headingRad: number;
  movedAtS: number;
  reported: LngLat;
  reportedAtS: number;
  status: 'available' | 'offered' | 'busy';
  occupied: boolean;
  asleep: boolean;
  casesToday: number;
  restingUntilS: number | null;
}

interface CaseRun {
  spec: SimCase;
  state: 'pending' | 'waiting' | 'offered' | 'accepted' | 'closed';
  /** When each worker last declined or let an offer of this case lapse. */
  refusedAtS: Map<string, number>;
  outcome: CaseOutcome;
}

interface LiveOffer {
  run: CaseRun;
  worker: SimWorker;
  record: OfferRecord;
}

const at = (s: number): Date => new Date(SIMULATED_DAY.getTime() + s * 1000);
const hourOfDay = (s: number): number => (s / 3600) % 24;

/** Simulates one day with one dispatch policy. */
export function simulateDay(input: DaySimulationInput): DaySimulationResult {
  const b = input.behaviour ?? DEFAULT_WORKER_BEHAVIOUR;
  const hub = input.hub ?? HUB_MECHANICS;
  const horizonS = DAY_S + (input.drainS ?? 6 * 3600);
  const queue = new EventQueue<Event>();
  const offers: OfferRecord[] = [];
  let sweepScheduled = false;
  let closed = 0;

  const workers = input.workers.map((spec, index): SimWorker => {
    // One stream per worker, so a worker's patrol and habits do not shift when another is offered a case.
    const random = createRandom((input.seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
    const onNightRoster = random.chance(b.shift.nightOnDutyShare);
    const phase = random.between(0, b.reportIntervalS);
    return {
      spec,
      index,
      random,
      onNightRoster,
      position: spec.position,
      headingRad: random.between(0, 2 * Math.PI),
      movedAtS: 0,
      reported: reportedFix(b, spec.position, random),
      reportedAtS: phase - b.reportIntervalS,
      status: 'available',
      occupied: random.chance(b.occupied.share),
      asleep: random.chance(b.phoneAsleep.share),
      casesToday: 0,
      restingUntilS: null,
    };
  });
  const runs = input.cases.map(
    (spec): CaseRun => ({
      spec,
      state: 'pending',
      refusedAtS: new Map(),
      outcome: { id: spec.id, receivedAtS: spec.receivedAtS, workerId: null, ownGrid: null, acceptS: null, contactS: null, arriveS: null, closedAtS: null, offers: 0 },
    }),
  );

  const onDuty = (w: SimWorker, s: number): boolean => w.spec.rostered && onShift(b, hourOfDay(s), w.onNightRoster);

  const scheduleSpell = (w: SimWorker, kind: 'occupied' | 'asleep', now: number): void => {
    const { share, meanSpellS } = kind === 'occupied' ? b.occupied : b.phoneAsleep;
    if (share <= 0 || share >= 1) return;
    const inSpell = kind === 'occupied' ? w.occupied : w.asleep;
    queue.push(now + spellS(inSpell ? meanSpellS : meanGapS(share, meanSpellS), w.random), { kind, worker: w });
  };

  for (const w of workers) {
    queue.push(w.reportedAtS + b.reportIntervalS, { kind: 'report', worker: w });
    scheduleSpell(w, 'occupied', 0);
    scheduleSpell(w, 'asleep', 0);
  }
  for (const run of runs) queue.push(run.spec.receivedAtS, { kind: 'case', run });

  /** Idle workers patrol; a worker on a case is wherever the case took it, which closing records. */
  const advance = (w: SimWorker, now: number): void => {
    if (w.status !== 'busy' && onDuty(w, now) && now > w.movedAtS) {
      const walker = patrolStep({ position: w.position, headingRad: w.headingRad }, w.spec.area, b.patrolSpeedMps * (now - w.movedAtS), w.random);
      w.position = walker.position;
      w.headingRad = walker.headingRad;
    }
    w.movedAtS = now;
  };

  const hubView = (w: SimWorker, now: number): DispatchWorker => ({
    id: w.spec.id,
    team: w.spec.team,
    gridId: w.spec.gridId,
    onDuty: onDuty(w, now),
    status: w.status,
    location: w.reported,
    positionAt: at(w.reportedAtS),
    travelModes: w.spec.travelModes,
    casesToday: w.casesToday,
    restingUntil: w.restingUntilS === null ? null : at(w.restingUntilS),
    queuedIncidentId: null,
  });

  const byId = new Map(workers.map((w) => [w.spec.id, w]));

  const offer = (run: CaseRun, w: SimWorker, now: number): void => {
    w.status = 'offered';
    run.state = 'offered';
    run.outcome.offers += 1;
    const record: OfferRecord = { caseId: run.spec.id, workerId: w.spec.id, atS: now, answeredAtS: null, outcome: null };
    offers.push(record);
    const live: LiveOffer = { run, worker: w, record };
    let windowS = input.dispatch.offerWindowS;
    let response: OfferResponse;
    if (input.phones) {
      const reply = input.phones.respond({ case: run.spec, worker: w.spec, workerIndex: w.index, atS: now, windowS, occupied: w.occupied, random: w.random, record });
      windowS = reply.windowS;
      response = reply.answer ?? { kind: 'silent' };
    } else response = respondToOffer(b, { occupied: w.occupied, asleep: w.asleep }, w.random);
    // An answer that comes when the window has closed finds the offer withdrawn, as in the hub.
    if (response.kind !== 'silent' && response.afterS < windowS) {
      queue.push(now + response.afterS, { kind: 'answer', offer: live, answer: response.kind });
    } else {
      queue.push(now + windowS, { kind: 'lapse', offer: live });
    }
  };

  const attempt = (run: CaseRun, now: number): void => {
    if (run.state !== 'waiting') return;
    const excluded = new Set<string>();
    for (const [id, when] of run.refusedAtS) if (now - when < hub.offerRetryAfterS) excluded.add(id);
    const dispatchCase: DispatchCase = { location: run.spec.location, gridId: run.spec.gridId, receivedAt: at(run.spec.receivedAtS), teams: run.spec.teams, queueAllowed: false };
    const ranked = input.dispatch.rank(dispatchCase, workers.map((w) => hubView(w, now)), at(now), excluded);
    // As the hub's claim: only an available, on-duty worker can be reserved.
    const chosen = ranked.map((id) => byId.get(id)).find((w) => w && w.status === 'available' && onDuty(w, now));
    if (chosen) offer(run, chosen, now);
    else if (!sweepScheduled) {
      sweepScheduled = true;
      queue.push(now + hub.waitingRetryS, { kind: 'sweep' });
    }
  };

  const refuse = (live: LiveOffer, outcome: 'declined' | 'lapsed', now: number): void => {
    const { run, worker, record } = live;
    record.outcome = outcome;
    record.answeredAtS = outcome === 'declined' ? now : null;
    worker.status = 'available';
    run.refusedAtS.set(worker.spec.id, now);
    run.state = 'waiting';
    attempt(run, now);
  };

  const accept = (live: LiveOffer, now: number): void => {
    const { run, worker, record } = live;
    if (worker.status !== 'offered') throw new Error(`worker ${worker.spec.id} accepted ${run.spec.id} while ${worker.status}`);
    record.outcome = 'accepted';
    record.answeredAtS = now;
    advance(worker, now);
    worker.status = 'busy';
    worker.casesToday += 1;
    run.state = 'accepted';
    const trip = tripTo(b, metresBetween(worker.position, run.spec.location), worker.random);
    const contactAt = now + contactDelayS(b, worker.random);
    // The hub's lifecycle records arrival only after contact.
    const arriveAt = Math.max(now + trip.seconds, contactAt);
    const received = run.spec.receivedAtS;
    Object.assign(run.outcome, {
      workerId: worker.spec.id,
      ownGrid: worker.spec.gridId !== null && worker.spec.gridId === run.spec.gridId,
      acceptS: now - received,
      contactS: contactAt - received,
      arriveS: arriveAt - received,
    });
    queue.push(arriveAt + onSiteS(b, worker.random), { kind: 'close', run });
  };

  const sendsFix = (w: SimWorker, now: number, why: 'report' | 'close'): boolean => (input.phones ? input.phones.sendsFix(w.index, now, why) : !w.asleep);

  const close = (run: CaseRun, now: number): void => {
    const w = byId.get(run.outcome.workerId ?? '') as SimWorker;
    run.state = 'closed';
    run.outcome.closedAtS = now;
    closed += 1;
    w.status = 'available';
    w.position = run.spec.location;
    w.movedAtS = now;
    const rest = restUntilAfterJob(at(run.spec.receivedAtS + (run.outcome.acceptS ?? 0)), at(now), hub.rest);
    w.restingUntilS = rest ? (rest.getTime() - SIMULATED_DAY.getTime()) / 1000 : null;
    // Closing is done on the phone, which sends a fix with it.
    if (sendsFix(w, now, 'close')) {
      w.reported = reportedFix(b, w.position, w.random);
      w.reportedAtS = now;
    }
  };

  let now = 0;
  while (closed < runs.length) {
    const next = queue.pop();
    if (!next || next.at > horizonS) break;
    now = next.at;
    const e = next.event;
    switch (e.kind) {
      case 'case':
        e.run.state = 'waiting';
        attempt(e.run, now);
        break;
      case 'answer':
        if (e.answer === 'accept') accept(e.offer, now);
        else refuse(e.offer, 'declined', now);
        break;
      case 'lapse':
        refuse(e.offer, 'lapsed', now);
        break;
      case 'close':
        close(e.run, now);
        break;
      case 'sweep':
        sweepScheduled = false;
        // Oldest first, as the hub's sweeper.
        for (const run of runs) if (run.state === 'waiting') attempt(run, now);
        break;
      case 'report': {
        const w = e.worker;
        advance(w, now);
        // An off-duty phone is logged out; an asleep one sends nothing; a busy one is not being dispatched.
        if (onDuty(w, now) && w.status !== 'busy' && sendsFix(w, now, 'report')) {
          w.reported = reportedFix(b, w.position, w.random);
          w.reportedAtS = now;
        }
        queue.push(now + b.reportIntervalS, e);
        break;
      }
      case 'occupied':
        e.worker.occupied = !e.worker.occupied;
        scheduleSpell(e.worker, 'occupied', now);
        break;
      case 'asleep':
        e.worker.asleep = !e.worker.asleep;
        scheduleSpell(e.worker, 'asleep', now);
        break;
    }
  }
  return { policy: input.dispatch.name, cases: runs.map((r) => r.outcome), offers, endedAtS: now };
}
