/** What the simulator can be told, its defaults, and their validation (once, at start). */
import type { TownshipSeed } from '@xiaonao/contracts';
import { defaultSigningSecret } from '../../../hub/src/auth/request-signature';
import { HUMAN_DEMO_WORKER } from '../township/hezhuang';
import type { TravelMode } from './movement';
import type { MsRange } from './responder-policy';

export interface SimulatorOptions {
  /** Base URL of a running hub, e.g. `http://127.0.0.1:3000`. */
  hubUrl: string;
  /** The township the hub was seeded with: accounts, API key and workers are taken from it. */
  seed: TownshipSeed;
  /** Key for the 110 intake and fleet positions (`x-api-key`). Default: the seed's first API key. */
  apiKey?: string;
  /** Secret that signs 110 cases. Default: the seed's for that key, else the one derived from the key. */
  signingSecret?: string;
  /** Mean gap between 110 cases, jittered ±50%. Default 90 000 (one every ~1.5 min). */
  caseIntervalMs?: number;
  /** The first case comes this soon, so the console is alive at once. Default 3 000 (plus up to 2 s). */
  firstCaseDelayMs?: number;
  /** How often positions are moved and sent in one batch. Default 5 000. */
  positionIntervalMs?: number;
  /** Travel speed to a case by mode, m/s. Default walking 1.3, e-bike 5. */
  speedMps?: Partial<Record<TravelMode, number>>;
  /** Idle patrol speed, m/s: slower than walking, as patrols stop and chat. Default 0.5. */
  patrolSpeedMps?: number;
  /** Cases further than this are reached by e-bike. Default 300 m. */
  ebikeBeyondM?: number;
  /** Time to answer an offer, skewed towards the quick end. Default 5–25 s. */
  answerDelayMs?: MsRange;
  /** Accept to phoning the caller (联系当事人). Default 10–45 s, well inside the 3-minute target. */
  contactDelayMs?: MsRange;
  /** Time on site before closing. Default 2–5 min. */
  onSiteMs?: MsRange;
  /** Close enough to report arrival. Default 30 m. */
  arriveWithinM?: number;
  /** Chance an offer is declined with 「正在处理其他事务」. Default 0.1. */
  declineProbability?: number;
  /** Root-mean-square GPS error added to reported positions, metres. Default 8. */
  gpsNoiseM?: number;
  /** Seed for the simulator's own choices (cases, answers, walks). Default: from the clock, and logged. */
  random?: number;
  /** Worker accounts the simulator neither moves nor answers for. Default: the human demo worker. */
  skipUsernames?: readonly string[];
  /** Worker logins are spread over this long so the hub is not hit by ~80 password checks at once. Default 4 000. */
  loginSpreadMs?: number;
  /** Send 110 cases. Default true; off when only workers should be simulated. */
  feedCases?: boolean;
  /** Where progress lines go. Default: stdout with a `[sim]` prefix. */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  hubUrl: string;
  seed: TownshipSeed;
  apiKey: string;
  signingSecret: string;
  operator: { username: string; password: string };
  caseIntervalMs: number;
  firstCaseDelayMs: number;
  positionIntervalMs: number;
  speedMps: Record<TravelMode, number>;
  patrolSpeedMps: number;
  ebikeBeyondM: number;
  answerDelayMs: MsRange;
  contactDelayMs: MsRange;
  onSiteMs: MsRange;
  arriveWithinM: number;
  declineProbability: number;
  gpsNoiseM: number;
  random: number;
  skipUsernames: ReadonlySet<string>;
  loginSpreadMs: number;
  feedCases: boolean;
  log: (line: string) => void;
}

export class SimulatorOptionsError extends Error {}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new SimulatorOptionsError(`${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new SimulatorOptionsError(`${name} must be a number ≥ 0, got ${value}`);
  return value;
}

function range(name: string, value: MsRange): MsRange {
  nonNegative(`${name}.min`, value.min);
  nonNegative(`${name}.max`, value.max);
  if (value.min > value.max) throw new SimulatorOptionsError(`${name}.min must not exceed ${name}.max, got ${value.min} > ${value.max}`);
  return { min: value.min, max: value.max };
}

export function resolveOptions(options: SimulatorOptions, now: () => number = Date.now): ResolvedOptions {
  let hubUrl: string;
  try {
    hubUrl = new URL(options.hubUrl).origin;
  } catch {
    throw new SimulatorOptionsError(`hubUrl is not a URL: "${options.hubUrl}"`);
  }
  const { seed } = options;
  const operator = seed.users.find((u) => u.role === 'operator');
  if (!operator) throw new SimulatorOptionsError('seed has no operator user; the simulator signs in as one to read workers and grids');
  const apiKey = options.apiKey ?? seed.apiKeys[0]?.key;
  if (!apiKey) throw new SimulatorOptionsError('apiKey is missing and the seed has no API key');
  const declineProbability = options.declineProbability ?? 0.1;
  if (!(declineProbability >= 0 && declineProbability <= 1)) {
    throw new SimulatorOptionsError(`declineProbability must be between 0 and 1, got ${declineProbability}`);
  }
  return {
    hubUrl,
    seed,
    apiKey,
    signingSecret: options.signingSecret ?? seed.apiKeys.find((k) => k.key === apiKey)?.signingSecret ?? defaultSigningSecret(apiKey),
    operator: { username: operator.username, password: operator.password },
    caseIntervalMs: positive('caseIntervalMs', options.caseIntervalMs ?? 90_000),
    firstCaseDelayMs: nonNegative('firstCaseDelayMs', options.firstCaseDelayMs ?? 3_000),
    positionIntervalMs: positive('positionIntervalMs', options.positionIntervalMs ?? 5_000),
    speedMps: {
      walking: positive('speedMps.walking', options.speedMps?.walking ?? 1.3),
      ebike: positive('speedMps.ebike', options.speedMps?.ebike ?? 5),
    },
    patrolSpeedMps: nonNegative('patrolSpeedMps', options.patrolSpeedMps ?? 0.5),
    ebikeBeyondM: nonNegative('ebikeBeyondM', options.ebikeBeyondM ?? 300),
    answerDelayMs: range('answerDelayMs', options.answerDelayMs ?? { min: 5_000, max: 25_000 }),
    contactDelayMs: range('contactDelayMs', options.contactDelayMs ?? { min: 10_000, max: 45_000 }),
    onSiteMs: range('onSiteMs', options.onSiteMs ?? { min: 120_000, max: 300_000 }),
    arriveWithinM: positive('arriveWithinM', options.arriveWithinM ?? 30),
    declineProbability,
    gpsNoiseM: nonNegative('gpsNoiseM', options.gpsNoiseM ?? 8),
    random: options.random ?? now() % 2 ** 32,
    skipUsernames: new Set(options.skipUsernames ?? [HUMAN_DEMO_WORKER]),
    loginSpreadMs: nonNegative('loginSpreadMs', options.loginSpreadMs ?? 4_000),
    feedCases: options.feedCases ?? true,
    log: options.log ?? ((line) => console.log(`[sim] ${line}`)),
  };
}
