/**
 * How sure the hub is that a gazetteer entry is the place a caller or operator meant. pg_trgm gives
 * a similarity; on its own it overrates two kinds of match that would send a worker to the wrong door:
 * a short entry found inside a long address (「新围村」 in 「新围村12组35号」 places the case somewhere in
 * a village), and a look-alike address with other numbers (「13组35号」 for 「12组35号」).
 */
import type { LngLat } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';
import { keyLength, numbersIn, placeKey } from './place-text';

/** Below this confidence an operator confirms the point before the case is dispatched. */
export const PLACE_CONFIRM_THRESHOLD = 0.6;
/** Below this a match is noise: no point is suggested at all. */
export const PLACE_MATCH_FLOOR = 0.3;
/** Left with this when not even the first number (the group, the road number) agrees. */
const NUMBER_CONFLICT_FACTOR = 0.5;
/** Two entries this close in confidence are a toss-up… */
const RIVAL_MARGIN = 0.15;
/** …when they lie this far apart; nearer, either point sends the worker to the same spot. */
const RIVAL_DISTANCE_M = 300;

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * 1 when the numbers agree or one side is coarser (「12组」 against 「12组35号」); less the earlier they
 * part: another house in the same group (「12组99号」 for 「12组35号」) is a neighbour, another group is not.
 */
function numberAgreement(query: readonly string[], candidate: readonly string[]): number {
  const shorter = Math.min(query.length, candidate.length);
  if (shorter === 0) return 1;
  let agreeing = 0;
  while (agreeing < shorter && query[agreeing] === candidate[agreeing]) agreeing++;
  return NUMBER_CONFLICT_FACTOR + (1 - NUMBER_CONFLICT_FACTOR) * (agreeing / shorter);
}

/**
 * Confidence 0..1 that `candidate` (the entry's best-matching name, address or alias) is what
 * `query` means, from their pg_trgm `similarity`. The same text is certain; otherwise the similarity
 * is weighed by how much of the longer text the shorter one covers, and lowered where numbers differ.
 */
export function placeConfidence(query: string, candidate: string, similarity: number): number {
  const q = placeKey(query);
  const c = placeKey(candidate);
  if (!q || !c) return 0;
  if (q === c) return 1;
  const [lq, lc] = [keyLength(q), keyLength(c)];
  const coverage = Math.min(lq, lc) / Math.max(lq, lc);
  return round3(clamp01(similarity) * (0.5 + 0.5 * coverage) * numberAgreement(numbersIn(q), numbersIn(c)));
}

export function needsConfirmation(confidence: number, threshold = PLACE_CONFIRM_THRESHOLD): boolean {
  return confidence < threshold;
}

export interface LocationOptions {
  /** Default PLACE_CONFIRM_THRESHOLD. */
  threshold?: number;
  /** Default PLACE_MATCH_FLOOR. */
  floor?: number;
}

export interface LocationJudgement<P> {
  place: P;
  confidence: number;
  needsConfirmation: boolean;
}

/**
 * The point for an address from the scored entries, or null when none is worth suggesting. A rival
 * almost as good but elsewhere (two 「幸福小区」) lowers the confidence, down to half when it is as good.
 */
export function judgeLocation<P extends { location: LngLat }>(candidates: readonly { place: P; confidence: number }[], options: LocationOptions = {}): LocationJudgement<P> | null {
  const threshold = options.threshold ?? PLACE_CONFIRM_THRESHOLD;
  const ranked = [...candidates].sort((a, b) => b.confidence - a.confidence);
  const best = ranked[0];
  if (!best) return null;
  const rival = ranked.slice(1).find((c) => distanceMeters(c.place.location, best.place.location) > RIVAL_DISTANCE_M);
  const closeness = rival ? clamp01(1 - (best.confidence - rival.confidence) / RIVAL_MARGIN) : 0;
  const confidence = round3(best.confidence * (1 - 0.5 * closeness));
  if (confidence < (options.floor ?? PLACE_MATCH_FLOOR)) return null;
  return { place: best.place, confidence, needsConfirmation: needsConfirmation(confidence, threshold) };
}
