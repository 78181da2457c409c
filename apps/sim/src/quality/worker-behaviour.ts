/**
 * What the dispatch-quality simulation assumes about the people on the other end of an offer: how fast
 * they answer, how often they say no, how they travel and how their phones report where they are.
 * Every number is here, named and documented, so a reader can disagree with one and rerun. Pure.
 *
 * Where the live simulator (../simulator/simulator-options.ts) already states a habit, the default is
 * the same, so the two simulators agree: answer delay 5–25 s skewed quick, 10 % declines, contact
 * 10–45 s after accepting, walking 1.3 m/s and e-bike 5 m/s beyond 300 m, 8 m GPS error, patrol 0.5 m/s.
 * The rest are habits the live demo leaves out because it has no clock to miss; they are marked.
 */
import type { LngLat } from '@xiaonao/contracts';
import { offsetByMetres } from '../township/geo';
import type { Random } from '../township/random';
import { travelMode, withGpsNoise, type TravelMode } from '../simulator/movement';
import { answerDelayMs, decideOffer, inRange } from '../simulator/responder-policy';

/** A span of seconds (or of a plain factor), drawn uniformly unless a function says otherwise. */
export interface Span {
  min: number;
  max: number;
}

export interface WorkerBehaviour {
  /** Time to answer an offer once the phone shows it; skewed towards the quick end (live simulator: 5–25 s). */
  answerDelayS: Span;
  /** Chance an idle worker declines (「正在处理其他事务」); live simulator: 0.1. */
  declineProbability: number;
  /** Not in the live demo: chance an offer is never answered (phone in a pocket on the e-bike, on silent). */
  missProbability: number;
  /**
   * Not in the live demo: spells of work the hub does not know about (a patrol task, a meeting, a
   * household visit). A worker in such a spell mostly declines — the "busy workers decline" habit.
   */
  occupied: { share: number; meanSpellS: number; declineProbability: number };
  /**
   * Not in the live demo: phones that sleep or lose the network. While asleep a phone sends no
   * positions (the dispatcher's fix goes stale) and an offer is only seen when it wakes.
   */
  phoneAsleep: { share: number; meanSpellS: number; wakeDelayS: Span };
  /** Accepting to phoning the party (联系当事人); live simulator: 10–45 s. */
  contactDelayS: Span;
  /**
   * Time on site before closing. The live demo uses 2–5 min so its map keeps moving; mediation and
   * clearing a fire lane take longer, and how long workers stay busy is what load tests.
   */
  onSiteS: Span;
  travel: {
    /** Live simulator: walking 1.3 m/s, e-bike (电瓶车) 5 m/s. */
    speedMps: Record<TravelMode, number>;
    /** Live simulator: cases further than this are reached by e-bike. */
    ebikeBeyondM: number;
    /** Per trip, the speed is the nominal one times a factor in this span (traffic, lights, a slow walker). */
    speedFactor: Span;
    /**
     * Road distance ÷ straight-line distance, drawn per trip. Town streets give 1.3–1.4 on average; a
     * village lane round a canal can be much worse. The engine's estimate assumes 1.3 / 1.35.
     */
    detour: Record<TravelMode, Span>;
    /** Getting going: walking to the e-bike, unlocking it. Walking starts at once. */
    ebikeStartS: Span;
  };
  /** Idle patrol speed, also the pace of the walk back to the own area after a case (live simulator: 0.5). */
  patrolSpeedMps: number;
  gps: {
    /** Root-mean-square error of a fix, metres (live simulator: 8). */
    noiseM: number;
    /** Not in the live demo: share of fixes that jump (urban canyon, a cell-tower fix instead of GPS). */
    outlierProbability: number;
    /** How far such a jump lands from the truth, metres. */
    outlierM: number;
  };
  /**
   * Seconds between position reports from an awake phone. The live demo sends every 5 s to animate
   * the map; a phone app in the background reports far less often, so dispatch sees positions up to
   * this old (and older when the phone sleeps).
   */
  reportIntervalS: number;
  /**
   * Grid workers work days; a night roster (值班) keeps a share on duty. Off-duty workers get no offers
   * and send no positions. Workers the roster marks off (leave, rest days) stay off all day.
   */
  shift: { dayStartHour: number; dayEndHour: number; nightOnDutyShare: number };
}

export const DEFAULT_WORKER_BEHAVIOUR: WorkerBehaviour = {
  answerDelayS: { min: 5, max: 25 },
  declineProbability: 0.1,
  missProbability: 0.05,
  occupied: { share: 0.1, meanSpellS: 15 * 60, declineProbability: 0.8 },
  phoneAsleep: { share: 0.1, meanSpellS: 20 * 60, wakeDelayS: { min: 20, max: 90 } },
  contactDelayS: { min: 10, max: 45 },
  onSiteS: { min: 10 * 60, max: 40 * 60 },
  travel: {
    speedMps: { walking: 1.3, ebike: 5 },
    ebikeBeyondM: 300,
    speedFactor: { min: 0.8, max: 1.2 },
    detour: { walking: { min: 1.15, max: 1.5 }, ebike: { min: 1.2, max: 1.6 } },
    ebikeStartS: { min: 15, max: 60 },
  },
  patrolSpeedMps: 0.5,
  gps: { noiseM: 8, outlierProbability: 0.03, outlierM: 150 },
  reportIntervalS: 30,
  shift: { dayStartHour: 8, dayEndHour: 20, nightOnDutyShare: 0.35 },
};

/** The defaults with some parts replaced; nested parts are replaced whole. */
export function workerBehaviour(overrides: Partial<WorkerBehaviour> = {}): WorkerBehaviour {
  return { ...DEFAULT_WORKER_BEHAVIOUR, ...overrides };
}

/** What the worker is doing when an offer comes, as far as answering it goes. */
export interface WorkerMoment {
  occupied: boolean;
  asleep: boolean;
}

export type OfferResponse = { kind: 'accept' | 'decline'; afterS: number } | { kind: 'silent' };

const toMs = (span: Span) => ({ min: span.min * 1000, max: span.max * 1000 });

/** How a worker will answer an offer made now; the hub only learns it if it comes inside the window. */
export function respondToOffer(b: WorkerBehaviour, moment: WorkerMoment, random: Random): OfferResponse {
  if (random.chance(b.missProbability)) return { kind: 'silent' };
  const wake = moment.asleep ? inRange(toMs(b.phoneAsleep.wakeDelayS), random) : 0;
  const afterS = (answerDelayMs(toMs(b.answerDelayS), random) + wake) / 1000;
  const declineProbability = moment.occupied ? b.occupied.declineProbability : b.declineProbability;
  return { kind: decideOffer(declineProbability, random), afterS };
}

export interface Trip {
  mode: TravelMode;
  seconds: number;
}

/** The real trip to a case `straightM` away: along streets, at today's pace. */
export function tripTo(b: WorkerBehaviour, straightM: number, random: Random): Trip {
  const mode = travelMode(straightM, b.travel.ebikeBeyondM);
  const detour = random.between(b.travel.detour[mode].min, b.travel.detour[mode].max);
  const speed = b.travel.speedMps[mode] * random.between(b.travel.speedFactor.min, b.travel.speedFactor.max);
  const start = mode === 'ebike' ? random.between(b.travel.ebikeStartS.min, b.travel.ebikeStartS.max) : 0;
  return { mode, seconds: start + (straightM * detour) / speed };
}

export function contactDelayS(b: WorkerBehaviour, random: Random): number {
  return random.between(b.contactDelayS.min, b.contactDelayS.max);
}

export function onSiteS(b: WorkerBehaviour, random: Random): number {
  return random.between(b.onSiteS.min, b.onSiteS.max);
}

/** A position fix as the phone reports it: usually a few metres off, now and then far off. */
export function reportedFix(b: WorkerBehaviour, truth: LngLat, random: Random): LngLat {
  if (random.chance(b.gps.outlierProbability)) {
    const angle = random.between(0, 2 * Math.PI);
    return offsetByMetres(truth, b.gps.outlierM * Math.sin(angle), b.gps.outlierM * Math.cos(angle));
  }
  return withGpsNoise(truth, b.gps.noiseM, random);
}

/** Length of a spell (occupied, asleep, or the gap between), exponential so spells have no memory. */
export function spellS(meanS: number, random: Random): number {
  return -meanS * Math.log(1 - random.next());
}

/** Mean gap between spells that gives the stated share of time spent in them. */
export function meanGapS(share: number, meanSpellS: number): number {
  return (meanSpellS * (1 - share)) / share;
}

/** Whether the shift has the worker on duty at this hour of the Shanghai day (0–23.99). */
export function onShift(b: WorkerBehaviour, hourOfDay: number, onNightRoster: boolean): boolean {
  const { dayStartHour, dayEndHour } = b.shift;
  return (hourOfDay >= dayStartHour && hourOfDay < dayEndHour) || onNightRoster;
}

/** The assumptions as flat parameters, for a benchmark's record. */
export function behaviourParams(b: WorkerBehaviour): Record<string, number> {
  return {
    answerDelayMinS: b.answerDelayS.min,
    answerDelayMaxS: b.answerDelayS.max,
    declineProbability: b.declineProbability,
    missProbability: b.missProbability,
    occupiedShare: b.occupied.share,
    occupiedDeclineProbability: b.occupied.declineProbability,
    phoneAsleepShare: b.phoneAsleep.share,
    wakeDelayMaxS: b.phoneAsleep.wakeDelayS.max,
    contactDelayMaxS: b.contactDelayS.max,
    onSiteMinS: b.onSiteS.min,
    onSiteMaxS: b.onSiteS.max,
    walkingMps: b.travel.speedMps.walking,
    ebikeMps: b.travel.speedMps.ebike,
    ebikeDetourMin: b.travel.detour.ebike.min,
    ebikeDetourMax: b.travel.detour.ebike.max,
    gpsNoiseM: b.gps.noiseM,
    gpsOutlierProbability: b.gps.outlierProbability,
    reportIntervalS: b.reportIntervalS,
    nightOnDutyShare: b.shift.nightOnDutyShare,
  };
}
